import Foundation

/// What ``PaperIndex/optimize()`` did.
public struct OptimizeSummary: Sendable, Codable, Equatable {
    /// Common words whose paper counts were stored.
    public var commonTerms: Int
    /// Term lists ranked (whole papers and titles).
    public var rankedLists: Int
    /// Prefixes whose paper counts were stored (`Schema/011_prefix_terms.sql`).
    public var prefixes: Int
    /// Two-word phrases whose papers were listed (``WordPairs``).
    public var phraseLists: Int
    /// Wall-clock time.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case commonTerms = "common_terms", rankedLists = "ranked_lists", prefixes, phraseLists = "phrase_lists", seconds
    }
}

extension PaperIndex {
    /// Recounts the common words (``CommonTerms``) and ranks the frequent terms' lists
    /// (``TermImpacts``) for the index as it is now. An ingest does both only when it changed
    /// enough of the index; after smaller ones, this brings one-word searches back to reading
    /// their page from a list. Only this also ranks the terms in more than a tenth of the
    /// papers and stores their ``TermMembers``, for searches that hold such words, and stores
    /// the ``TermPostings`` of the terms in 1% to 10% of them, of the author names and of the
    /// two-word phrases of such a term and a commoner one (``WordPairs``), with the
    /// ``FacetMembers`` of categories and years, for searches made of such words and phrases.
    /// Results are the same either way.
    ///
    /// - Throws: ``SQLiteError`` when SQLite fails.
    public func optimize() throws -> OptimizeSummary {
        try optimize(minimumDocuments: TermImpacts.minimumDocuments, maximumShare: TermImpacts.maximumShare)
    }

    /// - Parameters:
    ///   - commonKept: the length of a common term's list in an index of so many papers.
    ///   - postings: the fewest papers a term needs for its ``TermPostings`` in an index of so many papers.
    ///   - fewestPairs: the fewest papers a two-word phrase needs for its list (``WordPairs``).
    func optimize(minimumDocuments: Int, maximumShare: Double,
                  commonKept: @escaping (_ papers: Int) -> Int = TermImpacts.commonKept(papers:),
                  postings: @escaping (_ papers: Int) -> Int = TermPostings.fewest(papers:),
                  fewestPairs: Int = WordPairs.fewest) throws -> OptimizeSummary {
        let started = Date()
        let tokenizer = try FTS5Tokenizer.forIndex(on: database)
        try database.transaction {
            if let sample = try CommonTerms.refresh(database, tokenizer: tokenizer) {
                try CommonTerms.countPrefixes(database, tokenizer: tokenizer, sampled: sample.sampled, seen: sample.seen)
            }
        }
        commonTerms = nil
        let common = try database.scalarInt("SELECT count(*) FROM common_terms") ?? 0
        let lists = try rankTermImpacts(minimumDocuments: minimumDocuments, maximumShare: maximumShare, commonKept: commonKept,
                                         postings: postings, fewestPairs: fewestPairs)
        let prefixes = try database.scalarInt("SELECT count(*) FROM prefix_terms") ?? 0
        let phrases = try database.scalarInt("SELECT count(*) FROM term_postings WHERE instr(term, ' ') > 0") ?? 0
        return OptimizeSummary(commonTerms: common, rankedLists: lists, prefixes: prefixes, phraseLists: phrases,
                               seconds: Date().timeIntervalSince(started))
    }
}
