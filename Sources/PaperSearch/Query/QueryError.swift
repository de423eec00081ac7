/// A query that cannot be run, with what to do instead.
public enum QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing searchable was left after repairs (e.g. the query was `"" -`).
    case empty(String)
    /// A field filter sits inside an OR or a group with text.
    case filterInGroup(String)
    /// `--raw` text that FTS5 rejects; carries FTS5's message.
    case invalidRaw(query: String, message: String)
    /// A `--title`, `--year`, ... value that cannot be read.
    case invalidCondition(String)

    /// A message for the user, saying what to do where there is something to do.
    public var description: String {
        switch self {
        case .empty(let query):
            "nothing to search for in '\(query)': give a word, a \"phrase\" or a filter such as cat:cs.LG"
        case .filterInGroup(let part):
            "'\(part)': filters (cat:, year:, date:, id:) combine with AND or with each other by OR, not inside groups with text; move them to the top level"
        case .invalidRaw(let query, let message):
            "invalid FTS5 expression '\(query)': \(message). Drop --raw to search the words as typed"
        case .invalidCondition(let message):
            message
        }
    }
}
