import CSQLite

/// `papers_phrase_frequency(papers_fts, wTitle, wAbstract, wAuthors)`: the first phrase's
/// occurrences in the row, each weighted by its column's weight, summed as
/// ``KnownFrequencyBM25`` sums them. ``TermPostings`` stores it for each paper of a term.
enum PhraseFrequency {
    /// The SQL name of the function.
    static let name = "papers_phrase_frequency"

    /// Registers the function on `database`.
    ///
    /// - Throws: ``SQLiteError`` when this SQLite has no FTS5 or refuses the function.
    static func register(on database: Database) throws {
        try database.createFTS5Function(name, frequency)
    }

    /// Each paper matching the FTS5 `expression`, in rowid order, with its first phrase's
    /// occurrences weighted by `weights` (title, abstract, authors) and mapped by `value`.
    /// Nil when `value` refuses a sum, when the expression matches `limit` papers or more,
    /// or when a rowid is outside 0...Int32.max (stored lists hold 32-bit rowids).
    static func matches<T>(_ database: Database, expression: String, weights: (title: Double, abstract: Double, authors: Double),
                           limit: Int? = nil, _ value: (Double) -> T?) throws -> (rowids: [Int], values: [T])? {
        let rows = try database.cached("""
            SELECT rowid, \(name)(papers_fts, \(weights.title), \(weights.abstract), \(weights.authors))
            FROM papers_fts WHERE papers_fts MATCH ?1 ORDER BY rowid\(limit == nil ? "" : " LIMIT ?2")
            """)
        defer { rows.reset() }
        try rows.bind([.text(expression)] + (limit.map { [SQLValue($0)] } ?? []))
        var rowids: [Int] = []
        var values: [T] = []
        while try rows.step() {
            guard let mapped = value(rows.double(at: 1)) else { return nil }
            rowids.append(rows.int(at: 0))
            values.append(mapped)
        }
        guard limit.map({ rowids.count < $0 }) ?? true,
              rowids.first.map({ $0 >= 0 }) ?? true, rowids.last.map({ $0 <= Int(Int32.max) }) ?? true else { return nil }
        return (rowids, values)
    }

    private static let frequency: fts5_extension_function = { api, context, result, argumentCount, arguments in
        guard let api, let context, let result else { return }
        guard api.pointee.xPhraseCount(context) > 0 else { sqlite3_result_double(result, 0); return }
        var weights = [1.0, 1.0, 1.0]
        for column in 0..<3 where column < Int(argumentCount) {
            if let value = arguments?[column] { weights[column] = sqlite3_value_double(value) }
        }
        let (frequency, status) = KnownFrequencyBM25.weightedFrequency(api, context, phrase: 0) { weights[Int($0)] }
        guard status == SQLITE_OK else { sqlite3_result_error_code(result, status); return }
        sqlite3_result_double(result, frequency)
    }
}
