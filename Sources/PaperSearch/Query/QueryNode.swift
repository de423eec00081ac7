/// The syntax tree of a parsed query.
public indirect enum QueryNode: Sendable, Equatable {
    /// One word; `prefix` for `quant*`.
    case term(String, prefix: Bool)
    /// Words that must appear in this order, next to each other.
    case phrase(String)
    /// Words within `distance` tokens of each other, in any order.
    case near([QueryNode], distance: Int)
    /// Every child matches.
    case and([QueryNode])
    /// At least one child matches.
    case or([QueryNode])
    /// The child does not match.
    case not(QueryNode)
    /// The child matches within the given text fields only.
    case fields(Set<TextField>, QueryNode)
    /// An exact filter on a stored field (category, date, id).
    case filter(QueryFilter)
}

/// The text fields of the FTS index.
public enum TextField: String, Sendable, CaseIterable, Comparable {
    case title, abstract, authors

    /// Index order: title, abstract, authors.
    public static func < (lhs: TextField, rhs: TextField) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An exact filter, evaluated in SQL with bound parameters (never in the FTS expression).
public enum QueryFilter: Sendable, Equatable, Hashable {
    /// The paper has this category, primary or cross-list.
    case category(String)
    /// The paper has a category starting with this prefix: `cat:cs.*` gives `cs.`, matching
    /// `cs.LG`, `cs.AI`, ... and the bare archive `cs`; `cat:hep-*` gives `hep-`.
    case categoryPrefix(String)
    /// Published on or after `from` and before `until` (either open), as `YYYY-MM-DD` text.
    case published(from: String?, until: String?)
    /// The paper with this id.
    case id(String)
}

extension QueryNode {
    /// The query back in the user's syntax, as `papers` understood it.
    public var normalized: String {
        switch self {
        case .term(let word, let prefix):
            return QueryNode.quoteIfNeeded(word) + (prefix ? "*" : "")
        case .phrase(let text):
            return "\"\(text)\""
        case .near(let terms, let distance):
            return "NEAR(\(terms.map(\.normalized).joined(separator: " ")), \(distance))"
        case .and(let children):
            return children.map { child in
                if case .or = child { return "(\(child.normalized))" }
                return child.normalized
            }.joined(separator: " ")
        case .or(let children):
            return children.map { child in
                if case .and = child { return "(\(child.normalized))" }
                return child.normalized
            }.joined(separator: " OR ")
        case .not(let child):
            switch child {
            case .and, .or: return "-(\(child.normalized))"
            default: return "-" + child.normalized
            }
        case .fields(let fields, let child):
            let name = fields.count == 1 ? fields.first!.queryName : "{\(fields.sorted().map(\.queryName).joined(separator: " "))}"
            switch child {
            case .and, .or: return "\(name):(\(child.normalized))"
            default: return "\(name):\(child.normalized)"
            }
        case .filter(let filter):
            return filter.normalized
        }
    }

    private static func quoteIfNeeded(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-._/'+".contains($0) }
            && !["AND", "OR", "NOT"].contains(word)
        return plain ? word : "\"\(word)\""
    }
}

extension TextField {
    /// The field's name in query syntax.
    var queryName: String {
        switch self {
        case .title: "title"
        case .abstract: "abstract"
        case .authors: "author"
        }
    }
}

extension QueryFilter {
    var normalized: String {
        switch self {
        case .category(let name): "cat:\(name)"
        case .categoryPrefix(let prefix): "cat:\(prefix)*"
        case .id(let id): "id:\(id)"
        case .published(let from, let until):
            [from.map { "date:>=\($0)" }, until.map { "date:<\($0)" }].compactMap { $0 }.joined(separator: " ")
        }
    }
}
