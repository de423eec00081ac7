/// A condition given apart from the query text, as the CLI's `--title`, `--author`,
/// `--category`, `--year`, `--since` and `--until` options give them.
public enum QueryCondition: Sendable, Equatable {
    /// Words (query syntax) that must match in the title.
    case title(String)
    /// Words (query syntax) that must match in the author list.
    case author(String)
    /// A category (`cs.LG`) or archive (`cs.*`).
    case category(String)
    /// A year or range: `2023`, `2019..2022`, `>=2020`.
    case year(String)
    /// Published on or after this date: `2023`, `2023-06`, `2023-06-15`.
    case since(String)
    /// Published on or before this date (inclusive).
    case until(String)

    /// The condition as a query node.
    ///
    /// - Throws: ``QueryError/invalidCondition(_:)`` when the value cannot be read.
    public func node() throws -> QueryNode {
        switch self {
        case .title(let text), .author(let text):
            guard let root = ParsedQuery(text).root, !root.containsFilter else {
                throw QueryError.invalidCondition("'\(text)' has no words to search for")
            }
            if case .title = self { return .fields([.title], root) }
            return .fields([.authors], root)
        case .category(let name):
            let value = name.trimmingSpaces()
            guard !value.isEmpty, !value.contains(where: \.isWhitespace) else {
                throw QueryError.invalidCondition("'\(name)' is not a category; give one like cs.LG or cs.*")
            }
            if value.hasSuffix("*") {
                let prefix = String(value.reversed().drop(while: { $0 == "*" }).reversed())
                guard !prefix.isEmpty else { throw QueryError.invalidCondition("'\(name)' names no category prefix") }
                return .filter(.categoryPrefix(prefix))
            }
            return .filter(.category(value))
        case .year(let text):
            guard let range = DateRange(.year, text) else {
                throw QueryError.invalidCondition("'\(text)' is not a year or range; give 2023, 2019..2022 or >=2020")
            }
            return .filter(.published(from: range.from, until: range.until))
        case .since(let text):
            guard let bound = DateBound(Substring(text)) else {
                throw QueryError.invalidCondition("'\(text)' is not a date; give 2023, 2023-06 or 2023-06-15")
            }
            return .filter(.published(from: bound.start, until: nil))
        case .until(let text):
            guard let bound = DateBound(Substring(text)) else {
                throw QueryError.invalidCondition("'\(text)' is not a date; give 2023, 2023-06 or 2023-06-15")
            }
            return .filter(.published(from: nil, until: bound.next))
        }
    }
}
