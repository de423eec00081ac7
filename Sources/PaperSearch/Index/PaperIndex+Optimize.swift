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
    /// FTS5 segments merged into one (0: the index was one segment already).
    public var mergedSegments: Int
    /// Wall-clock time.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case commonTerms = "common_terms", rankedLists = "ranked_lists", prefixes, phraseLists = "phrase_lists",
             mergedSegments = "merged_segments", seconds
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
    /// ``FacetMembers`` of categories and years, for searches made of such words and phrases,
    /// and those of the terms in 0.5% to 1%, for any-word searches
    /// (``anyWordsRanked(_:request:)``).
    /// Results are the same either way.
    ///
    /// - Throws: ``SQLiteError`` when SQLite fails.
    public func optimize() throws -> OptimizeSummary {
        try optimize(minimumDocuments: TermImpacts.minimumDocuments, maximumShare: TermImpacts.maximumShare)
    }

    /// - Parameters:
    ///   - commonKept: the length of a common term's list in an index of so many papers.
    ///   - prefixSets: the fewest papers a prefix needs for its ``PrefixMembers`` in an index
    ///     of so many papers.
    ///   - postings: the fewest papers a term needs for its ``TermPostings`` in an index of so many papers.
    ///   - anyWords: the fewest papers a term needs for a list that serves only any-word
    ///     searches, in an index of so many papers.
    ///   - fewestPairs: the fewest papers a two-word phrase needs for its list (``WordPairs``).
    func optimize(minimumDocuments: Int, maximumShare: Double,
                  commonKept: @escaping (_ papers: Int) -> Int = TermImpacts.commonKept(papers:),
                  prefixSets: @escaping (_ papers: Int) -> Int = PrefixMembers.fewest(papers:),
                  postings: @escaping (_ papers: Int) -> Int = TermPostings.fewest(papers:),
                  anyWords: @escaping (_ papers: Int) -> Int = TermPostings.fewestForAny(papers:),
                  fewestPairs: Int = WordPairs.fewest) throws -> OptimizeSummary {
        let started = Date()
        let merged = try mergeSegments()
        // An index upgraded from an older schema lacks the newer stored columns until an
        // ingest; these store them now.
        try database.transaction { try IndexWriter(database: database).completeColumns() }
        dropCachedColumns()
        let tokenizer = try FTS5Tokenizer.forIndex(on: database)
        try database.transaction {
            if let sample = try CommonTerms.refresh(database, tokenizer: tokenizer) {
                try CommonTerms.countPrefixes(database, tokenizer: tokenizer, sampled: sample.sampled, seen: sample.seen)
            }
        }
        commonTerms = nil
        let common = try database.scalarInt("SELECT count(*) FROM common_terms") ?? 0
        let lists = try rankTermImpacts(minimumDocuments: minimumDocuments, maximumShare: maximumShare, commonKept: commonKept,
                                         prefixSets: prefixSets,
                                         postings: postings, anyWords: anyWords, fewestPairs: fewestPairs)
        let prefixes = try database.scalarInt("SELECT count(*) FROM prefix_terms") ?? 0
        let phrases = try database.scalarInt("SELECT count(*) FROM term_postings WHERE instr(term, ' ') > 0") ?? 0
        // The lists were rewritten: the pages of the old ones go back to the file system.
        try releaseFreePages(all: true)
        return OptimizeSummary(commonTerms: common, rankedLists: lists, prefixes: prefixes, phraseLists: phrases,
                               mergedSegments: merged, seconds: Date().timeIntervalSince(started))
    }

    /// Merges FTS5's segments into one, before anything is ranked on the index's state.
    ///
    /// An ingest that let FTS5 merge as it went leaves the segments those merges stopped at:
    /// 11 at 1M papers (a first load merges its own, ``SegmentMerging``). A
    /// search reads a term's list in each of them, and a prefix or phrase search seeks in
    /// each one at every paper of its rarer word. Merged into one at 1M papers (21.7 s, 84 MB
    /// peak RSS; the index within 0.1% of its size), the benchmark's p50 went for phrases
    /// from 1.51 to 0.93 ms, prefixes 2.58 to 2.34, rare words 1.02 to 0.88 (`papers-bench run
    /// --reuse`, two runs each). Later ingests add small segments beside the big one.
    ///
    /// The merge goes in steps of `pages` FTS5 pages, each its own transaction (FTS5's
    /// `'merge'` with a negative count merges the segments of every level, as `'optimize'`
    /// does, and takes up where the last step stopped). In one `'optimize'`, the write-ahead
    /// log held the whole merged index until the end: 3.6 GB at 2.7M papers. Between steps
    /// SQLite copies the log into the file and starts it again.
    ///
    /// - Returns: the number of segments merged, 0 when there was one or none.
    func mergeSegments(pages: Int = 16_384) throws -> Int {
        let segments = FTS5Record.segmentCount(structure: try TermImpacts.state(database).structure) ?? 0
        guard segments > 1 else { return 0 }
        // FTS5 counts a step that wrote nothing as fewer than two changes: the merge is done.
        var changes = 2
        while changes >= 2 {
            let before = database.totalChanges
            try database.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('merge', \(-pages))")
            changes = database.totalChanges - before
        }
        try releaseFreePages()
        return segments
    }
}
