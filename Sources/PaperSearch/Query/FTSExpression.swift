/// Turns the text part of a query tree into an FTS5 MATCH expression in which every user word
/// is a quoted string, so no user text is ever read as FTS5 syntax.
enum FTSExpression {
    /// Quotes text as an FTS5 string: `c++` → `"c++"`, `say "hi"` → `"say ""hi"""`.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The expression for a text node, or nil when the node can only be expressed by exclusion
    /// (a group made only of negations has no rows of its own to match in FTS5).
    ///
    /// - Parameter prefixes: the expression for a prefix term when `"word"*` would not mean
    ///   what was typed (``PrefixTerms``); not used inside `NEAR`, which takes only phrases.
    static func render(_ node: QueryNode, prefixes: (String) -> String? = { _ in nil }) -> String? {
        func render(_ child: QueryNode) -> String? { Self.render(child, prefixes: prefixes) }
        switch node {
        case .term(let word, let prefix):
            if prefix, let expression = prefixes(word) { return expression }
            return quote(word) + (prefix ? "*" : "")
        case .phrase(let text):
            return quote(text)
        case .near(let terms, let distance):
            let parts = terms.compactMap { Self.render($0) }
            return "NEAR(\(parts.joined(separator: " ")), \(distance))"
        case .and(let children):
            var positive: [String] = []
            var negative: [String] = []
            for child in children {
                if case .not(let inner) = child {
                    if let text = render(inner) { negative.append(text) }
                } else if let text = render(child) {
                    positive.append(text)
                }
            }
            guard !positive.isEmpty else { return nil }
            var expression = positive.count == 1 ? positive[0] : "(" + positive.joined(separator: " AND ") + ")"
            for excluded in negative { expression = "(\(expression) NOT \(excluded))" }
            return expression
        case .or(let children):
            let parts = children.compactMap(render)
            guard parts.count == children.count else { return nil }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        case .not:
            return nil
        case .fields(let fields, let child):
            guard let inner = render(child) else { return nil }
            let columns = fields.sorted().map(\.rawValue).joined(separator: " ")
            return "{\(columns)} : (\(inner))"
        case .filter:
            return nil
        }
    }
}
