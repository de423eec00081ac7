/// Splits query text into ``QueryToken``s. It never fails: every input yields tokens, and the
/// parser decides what they mean.
struct QueryLexer {
    /// Field names the lexer recognizes before a colon (lower-cased).
    static let fieldNames: Set<String> = [
        "title", "ti", "abstract", "abs", "author", "au", "cat", "category", "year", "date", "id",
    ]

    static func tokens(_ text: String) -> [QueryToken] {
        // Control characters (NUL included) are spaces: FTS5 reads its query as a C string.
        let characters = text.map { c -> Character in
            c.unicodeScalars.contains { $0.properties.generalCategory == .control } ? " " : c
        }
        var tokens: [QueryToken] = []
        var index = 0
        // True when the previous character was a separator: a `-` there means NOT.
        var atBoundary = true

        func isSeparator(_ c: Character) -> Bool {
            c.isWhitespace || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
        }

        while index < characters.count {
            let c = characters[index]
            if isSeparator(c) {
                index += 1
                atBoundary = true
                continue
            }
            let start = index
            switch c {
            case "\"":
                var end = index + 1
                while end < characters.count, characters[end] != "\"" { end += 1 }
                let terminated = end < characters.count
                tokens.append(QueryToken(kind: .phrase(String(characters[(index + 1)..<end]), terminated: terminated),
                                         position: start))
                index = terminated ? end + 1 : end
                atBoundary = false
                continue
            case "(":
                tokens.append(QueryToken(kind: .openParen, position: start))
                index += 1
                atBoundary = true
                continue
            case ")":
                tokens.append(QueryToken(kind: .closeParen, position: start))
                index += 1
                atBoundary = false
                continue
            // `-word` excludes; `-3` or `-20%` is a number, as in pasted text.
            case "-" where atBoundary && index + 1 < characters.count && !isSeparator(characters[index + 1])
                && !characters[index + 1].isNumber:
                tokens.append(QueryToken(kind: .not, position: start))
                index += 1
                atBoundary = false  // `--x` is NOT of the word `-x`, not a double negation
                continue
            default:
                break
            }

            // A word runs to whitespace, a quote or a parenthesis.
            var end = index
            while end < characters.count {
                let d = characters[end]
                if isSeparator(d) || d == "\"" || d == "(" || d == ")" { break }
                end += 1
            }
            let word = String(characters[index..<end])
            let upper = word.uppercased() == word ? word : ""
            if upper == "NEAR", end < characters.count, characters[end] == "(" {
                tokens.append(QueryToken(kind: .nearGroup, position: start))
                index = end + 1
                atBoundary = true
                continue
            }
            if upper.hasPrefix("NEAR/"), let distance = Int(upper.dropFirst(5)), distance >= 0 {
                tokens.append(QueryToken(kind: .nearOperator(distance), position: start))
            } else if upper == "AND" {
                tokens.append(QueryToken(kind: .and, position: start))
            } else if upper == "OR" {
                tokens.append(QueryToken(kind: .or, position: start))
            } else if upper == "NOT" {
                tokens.append(QueryToken(kind: .not, position: start))
            } else if let colon = word.firstIndex(of: ":"),
                      fieldNames.contains(word[..<colon].lowercased()) {
                let name = word[..<colon].lowercased()
                let valueStart = index + word.distance(from: word.startIndex, to: colon) + 1
                tokens.append(QueryToken(kind: .field(name), position: start))
                // The value is lexed on its own: a word, a phrase or a group right after the colon.
                index = valueStart
                atBoundary = false
                if index < characters.count, isSeparator(characters[index]) {
                    continue
                }
                if valueStart < end {
                    tokens.append(QueryToken(kind: .word(String(characters[valueStart..<end])), position: valueStart))
                    index = end
                }
                continue
            } else if word.hasSuffix(","), tokens.contains(where: { $0.kind == .nearGroup }) {
                tokens.append(QueryToken(kind: .word(String(word.dropLast())), position: start))
                tokens.append(QueryToken(kind: .comma, position: end - 1))
            } else if word == "," {
                tokens.append(QueryToken(kind: .comma, position: start))
            } else {
                tokens.append(QueryToken(kind: .word(word), position: start))
            }
            index = end
            atBoundary = false
        }
        return tokens
    }
}
