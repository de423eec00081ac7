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
