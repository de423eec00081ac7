/// Reads ``Paper`` values from `papers` rows selected with ``columns``.
enum PaperRow {
    /// The columns, in the order ``paper(from:startingAt:)`` reads them, for table alias `p`:
    /// titles and abstracts as given (`show`, `export`).
    static let columns = """
        p.id, coalesce(p.title_original, p.title), coalesce(p.abstract_original, p.abstract), p.authors,
        p.categories, p.published, p.updated, p.doi, p.journal_ref, p.comments, p.versions, p.source
        """
    /// The same with titles and abstracts as indexed, which snippets and highlights refer to.
    static let indexedColumns = """
        p.id, p.title, p.abstract, p.authors, p.categories, p.published, p.updated, p.doi,
        p.journal_ref, p.comments, p.versions, p.source
        """

    static func paper(from statement: Statement, startingAt first: Int32 = 0) -> Paper {
        let authors = statement.text(at: first + 3)
        let categories = statement.text(at: first + 4)
        let versions = statement.optionalText(at: first + 10).map(VersionsJSON.decode) ?? []
        return Paper(
            id: statement.text(at: first),
            title: statement.text(at: first + 1),
            abstract: statement.text(at: first + 2),
            // Split on the bytes: Foundation's components(separatedBy:) took 25,000
            // instructions a paper, a sixth of reading one.
            authors: authors.isEmpty ? []
                : authors.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) },
            categories: categories.split(separator: " ").map(String.init),
            published: statement.optionalText(at: first + 5),
            updated: statement.optionalText(at: first + 6),
            doi: statement.optionalText(at: first + 7),
            journalRef: statement.optionalText(at: first + 8),
            comments: statement.optionalText(at: first + 9),
            versions: versions,
            source: statement.text(at: first + 11)
        )
    }
}
