/// A query parsed into a tree, with the repairs that were needed to read it.
public struct ParsedQuery: Sendable, Equatable {
    /// The tree, or nil when nothing searchable was left (e.g. the query was only `-` or `*`).
    public var root: QueryNode?
    /// One line per repair or reinterpretation, for the user (`closed the unterminated quote`).
    public var notes: [String]

    /// The query as understood, in query syntax; differs from the input when notes exist.
    public var interpreted: String { root?.normalized ?? "" }

    /// Parses `text` in the query language. It never throws: malformed input is repaired the
    /// obvious way and each repair is described in ``notes``.
    ///
    ///     ParsedQuery("graph \"noisy links\" -survey cat:cs.LG year:2020..2023")
    public init(_ text: String) {
        var parser = QueryParser(tokens: QueryLexer.tokens(text))
        root = parser.parseQuery()
        notes = parser.notes
    }
}

/// Recursive-descent parser: `or := and (OR and)*`, `and := unary ([AND] unary)*`,
/// `unary := (NOT | -) unary | primary [NEAR/n primary]`,
/// `primary := ( or ) | field:primary | "phrase" | word | NEAR(terms, n)`.
struct QueryParser {
    private let tokens: [QueryToken]
    private var position = 0
    private(set) var notes: [String] = []

    init(tokens: [QueryToken]) {
        self.tokens = tokens
    }

    private var current: QueryToken? { position < tokens.count ? tokens[position] : nil }

    mutating func parseQuery() -> QueryNode? {
        var parts: [QueryNode] = []
        while current != nil {
            if let node = parseOr() { parts.append(node) }
            if let token = current, token.kind == .closeParen {
                notes.append("ignored an unmatched ')' at position \(token.position + 1)")
                position += 1
            }
        }
        return Self.combineAnd(parts)
    }

    private mutating func parseOr() -> QueryNode? {
        var alternatives: [QueryNode] = []
        if let first = parseAnd() { alternatives.append(first) }
        while let token = current, token.kind == .or {
            position += 1
            let next = parseAnd()
            if alternatives.isEmpty || next == nil {
                notes.append("ignored a dangling OR at position \(token.position + 1)")
            }
            if let next { alternatives.append(next) }
        }
        if alternatives.isEmpty { return nil }
        return alternatives.count == 1 ? alternatives[0] : .or(alternatives)
    }

    private mutating func parseAnd() -> QueryNode? {
        var parts: [QueryNode] = []
        while let token = current, token.kind != .or, token.kind != .closeParen {
            if token.kind == .and {
                position += 1
                if parts.isEmpty || current == nil || current?.kind == .or || current?.kind == .closeParen {
                    notes.append("ignored a dangling AND at position \(token.position + 1)")
                }
                continue
            }
            if let node = parseUnary() { parts.append(node) }
        }
        return Self.combineAnd(parts)
    }

    private static func combineAnd(_ parts: [QueryNode]) -> QueryNode? {
        var flat: [QueryNode] = []
        for part in parts {
            if case .and(let children) = part { flat += children } else { flat.append(part) }
        }
        if flat.isEmpty { return nil }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    private mutating func parseUnary() -> QueryNode? {
        guard let token = current else { return nil }
        if token.kind == .not {
            position += 1
            guard let next = current, Self.canStartOperand(next.kind) else {
                notes.append("ignored a lone '-' or NOT at position \(token.position + 1)")
                return nil
            }
            guard let child = parseUnary() else { return nil }
            if case .not(let inner) = child { return inner }
            return .not(child)
        }
        guard var node = parsePrimary() else { return nil }
        while let next = current, case .nearOperator(let distance) = next.kind {
            position += 1
            guard let right = current.flatMap({ Self.canStartOperand($0.kind) ? $0 : nil }).flatMap({ _ in parsePrimary() }) else {
                notes.append("ignored NEAR/\(distance) without a term after it at position \(next.position + 1)")
                break
            }
            if Self.isProximityTerm(node), Self.isProximityTerm(right) {
                var terms: [QueryNode] = []
                if case .near(let existing, _) = node { terms = existing } else { terms = [node] }
                node = .near(terms + [right], distance: distance)
            } else {
                notes.append("NEAR/\(distance) at position \(next.position + 1) joins words or phrases only; searched both sides with AND")
                node = .and([node, right])
            }
        }
        return node
    }

    private static func isProximityTerm(_ node: QueryNode) -> Bool {
        switch node {
        case .term, .phrase, .near: true
        default: false
        }
    }

    private static func canStartOperand(_ kind: QueryToken.Kind) -> Bool {
        switch kind {
        case .word, .phrase, .field, .openParen, .nearGroup, .not: true
        default: false
        }
    }

    private mutating func parsePrimary() -> QueryNode? {
        guard let token = current else { return nil }
        position += 1
        switch token.kind {
        case .openParen:
            let inner = parseOr()
            if let close = current, close.kind == .closeParen {
                position += 1
            } else {
                notes.append("closed the '(' opened at position \(token.position + 1)")
            }
            return inner
        case .phrase(let text, let terminated):
            if !terminated {
                notes.append("closed the quote opened at position \(token.position + 1)")
            }
            return phrase(text, at: token.position)
        case .word(let word):
            return term(word, at: token.position)
        case .field(let name):
            return field(name, at: token.position)
        case .nearGroup:
            return nearGroup(at: token.position)
        case .comma, .closeParen, .and, .or, .nearOperator, .not:
            notes.append("ignored '\(Self.spelling(token.kind))' at position \(token.position + 1)")
            return nil
        }
    }

    private static func spelling(_ kind: QueryToken.Kind) -> String {
        switch kind {
        case .comma: ","
        case .closeParen: ")"
        case .openParen: "("
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .nearOperator(let n): "NEAR/\(n)"
        case .nearGroup: "NEAR("
        case .word(let word): word
        case .phrase(let text, _): "\"\(text)\""
        case .field(let name): name + ":"
        }
    }

    private mutating func phrase(_ text: String, at position: Int) -> QueryNode? {
        // Control characters (NUL included) separate words like spaces do.
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } })
            .joined(separator: " ")
        guard Self.isSearchable(words) else {
            notes.append("ignored the phrase at position \(position + 1): it has no letters or digits")
            return nil
        }
        return .phrase(words)
    }

    private mutating func term(_ word: String, at position: Int) -> QueryNode? {
        var text = Substring(word)
        var prefix = false
        if text.hasSuffix("*") {
            while text.hasSuffix("*") { text = text.dropLast() }
            prefix = true
        }
        guard Self.isSearchable(text) else {
            notes.append("ignored '\(word)' at position \(position + 1): it has no letters or digits")
            return nil
        }
        if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy(\.isLetter), colon != text.startIndex {
            notes.append("unknown field '\(text[..<colon])' at position \(position + 1); searched '\(word)' as text")
        }
        return .term(String(text), prefix: prefix)
    }

    static func isSearchable<S: StringProtocol>(_ text: S) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }

    private mutating func nearGroup(at start: Int) -> QueryNode? {
        var terms: [QueryNode] = []
        var distance = 10
        while let token = current, token.kind != .closeParen {
            position += 1
            switch token.kind {
            case .comma:
                if let next = current, case .word(let word) = next.kind, let number = Int(word), number >= 0 {
                    distance = number
                    position += 1
                }
            case .word(let word):
                if let node = term(word, at: token.position) { terms.append(node) }
            case .phrase(let text, _):
                if let node = phrase(text, at: token.position) { terms.append(node) }
            default:
                notes.append("ignored '\(Self.spelling(token.kind))' inside NEAR( at position \(token.position + 1)")
            }
        }
        if current?.kind == .closeParen {
            position += 1
        } else {
            notes.append("closed the NEAR( opened at position \(start + 1)")
        }
        switch terms.count {
        case 0: return nil
        case 1:
            notes.append("NEAR( at position \(start + 1) needs two terms; searched the one given")
            return terms[0]
        default: return .near(terms, distance: distance)
        }
    }

    private mutating func field(_ name: String, at start: Int) -> QueryNode? {
        let textFields: [String: TextField] = [
            "title": .title, "ti": .title, "abstract": .abstract, "abs": .abstract,
            "author": .authors, "au": .authors,
        ]
        if let field = textFields[name] {
            guard let next = current, Self.canStartOperand(next.kind), let value = parseUnaryForField() else {
                notes.append("ignored '\(name):' at position \(start + 1): no value after it")
                return nil
            }
            return .fields([field], value)
        }
        guard let next = current, case .word(let value) = next.kind else {
            if let next = current, case .phrase(let text, _) = next.kind {
                position += 1
                return filter(name, text, at: start)
            }
            notes.append("ignored '\(name):' at position \(start + 1): no value after it")
            return nil
        }
        position += 1
        return filter(name, value, at: start)
    }

    /// A field's value: one operand, so `title:graph neural` restricts only `graph`.
    private mutating func parseUnaryForField() -> QueryNode? {
        guard let token = current else { return nil }
        if token.kind == .not {
            position += 1
            return parseUnaryForField().map { .not($0) }
        }
        return parsePrimary()
    }

    private mutating func filter(_ name: String, _ value: String, at start: Int) -> QueryNode? {
        switch name {
        case "cat", "category":
            if value.hasSuffix("*") {
                let prefix = String(value.drop(while: { $0 == "*" }).reversed().drop(while: { $0 == "*" }).reversed())
                guard !prefix.isEmpty else { break }
                return .filter(.categoryPrefix(prefix))
            }
            guard !value.isEmpty else { break }
            return .filter(.category(value))
        case "year", "date":
            if let range = DateRange(name == "year" ? .year : .date, value) {
                return .filter(.published(from: range.from, until: range.until))
            }
            notes.append("'\(name):\(value)' at position \(start + 1) is not a \(name == "year" ? "year (2023, 2019..2022, >=2020)" : "date (2023-01, 2023-01..2023-06)"); searched as text")
            return term(value, at: start)
        case "id":
            let id = PaperID.arxiv(value)?.id ?? value
            guard !id.isEmpty else { break }
            return .filter(.id(id))
        default:
            break
        }
        notes.append("ignored '\(name):\(value)' at position \(start + 1): empty value")
        return nil
    }
}
