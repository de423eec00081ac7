/// One phrase of an FTS5 expression as ranking sees it. FTS5 numbers the phrases of an
/// expression in the order they appear in its text, and a ranking function is given
/// statistics by that number.
struct FTSPhrase: Equatable {
    /// The phrase's text, unquoted.
    var text: String
    /// The columns a column filter limits it to; nil for every column.
    var columns: [String]?
    /// True for `"text"*`.
    var prefix: Bool

    /// The phrases of `expression` in FTS5's order, for the expressions ``FTSExpression``
    /// writes: quoted strings, `*`, `{columns} : (group)`, parentheses, AND, OR, NOT and
    /// NEAR(…, n). Nil for anything else, and for a filter inside another filter, so a
    /// caller never pairs statistics with the wrong phrase.
    static func phrases(in expression: String) -> [FTSPhrase]? {
        let characters = Array(expression)
        var phrases: [FTSPhrase] = []
        // The column filter of each open parenthesis, and one just read that applies to the
        // group or phrase that follows it.
        var scopes: [[String]?] = [nil]
        var pending: [String]?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                var text = ""
                index += 1
                while true {
                    guard index < characters.count else { return nil }
                    if characters[index] == "\"" {
                        if index + 1 < characters.count, characters[index + 1] == "\"" {
                            text.append("\"")
                            index += 2
                            continue
                        }
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                let prefix = index + 1 < characters.count && characters[index + 1] == "*"
                if prefix { index += 1 }
                phrases.append(FTSPhrase(text: text, columns: pending ?? scopes[scopes.count - 1], prefix: prefix))
                pending = nil
            case "{":
                guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                let names = String(characters[(index + 1)..<close]).split(separator: " ").map(String.init)
                var next = close + 1
                while next < characters.count, characters[next] == " " { next += 1 }
                guard next < characters.count, characters[next] == ":", !names.isEmpty,
                      pending == nil, scopes[scopes.count - 1] == nil else { return nil }
                pending = names
                index = next
            case "(":
                scopes.append(pending ?? scopes[scopes.count - 1])
                pending = nil
            case ")":
                guard scopes.count > 1 else { return nil }
                scopes.removeLast()
            case " ", ",":
                break
            default:
                // Operators (AND, OR, NOT, NEAR) and NEAR's distance.
                guard character.isLetter && character.isUppercase || character.isNumber else { return nil }
            }
            index += 1
        }
        return scopes.count == 1 && pending == nil ? phrases : nil
    }
}
