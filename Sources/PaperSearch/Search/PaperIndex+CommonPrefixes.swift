extension PaperIndex {
    /// The page and total of a search of words and prefixes, some of the prefixes held by a
    /// quarter of the papers or more (they have ``PrefixMembers``) and some other term in at
    /// most a tenth of them, or nil when the stored sets cannot give them (SQL then ranks
    /// every match).
    ///
    /// FTS5 answers `fla* reatous` by seeking in the prefix's list at each paper of the rarer
    /// word, which with the prefix in 40% of 1M papers reads nearly all of its leaf pages.
    /// Here FTS5 matches the other terms alone and the prefixes' sets filter those matches.
    /// Every match is then known with the score of its other terms, and a prefix adds at most
    /// BM25's limit for a phrase of its idf, however often the paper holds it. Papers in the
    /// order of that bound are scored exactly until the page's last score is better than the
    /// next bound: the page is then BM25's own. On the benchmark's 1M papers (simulated in
    /// Python on its index) that scores 11 to 35 papers for 13 of its 14 such queries, and 99
    /// for one whose word is in 2,592 papers; the prefixes' phase went from 1.97 to about 1 ms.
    func commonPrefixesRanked(_ plan: QueryPlan, request: SearchRequest) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        let wanted = max(0, request.offset) + max(0, request.limit)
        // Deeper pages need more papers scored one by one than ranking every match costs.
        guard wanted <= TermImpacts.kept,
              let (bounds, total) = try commonPrefixBounds(plan, request: request, scored: wanted > 0) else { return nil }
        guard wanted > 0 else { return ([], total) }
        return try boundedPage(bounds, total: total, wanted: wanted, plan: plan, request: request)
    }

    /// Every match of `plan` (see ``commonPrefixesRanked(_:request:)``) with a bound on its
    /// score (lower is better; 0 when not `scored`), and their number; nil when the stored
    /// sets cannot give them.
    func commonPrefixBounds(_ plan: QueryPlan, request: SearchRequest, scored: Bool) throws
        -> (bounds: [Int: Double], total: Int)? {
        guard request.weights == .standard, plan.excluded.isEmpty, plan.filters.isEmpty, plan.excludedFilters.isEmpty,
              let terms = plan.plainTerms, terms.count >= 2, terms.contains(where: \.prefix) else { return nil }
        guard let state = try TermImpacts.currentState(database),
              let (rows, _, given) = try rankingTotals(plan, averages: state.averages) else { return nil }
        let stemmer = try queryWords().stemmer
        var sets: [(members: TermMembers, phrase: Int)] = []
        var others: [QueryNode] = []
        // Stored counts (`given`); a term without one is in too few papers to have been counted.
        var selective = false
        for (phrase, term) in terms.enumerated() {
            if term.prefix {
                let tokens = stemmer.queryTokens(term.text, prefix: true)
                if tokens.count == 1, let members = try PrefixMembers.load(database, prefix: tokens[0]) {
                    sets.append((members, phrase))
                    continue
                }
            }
            others.append(.term(term.text, prefix: term.prefix))
            // FTS5 then scores every paper of the other terms, with the prefix or without:
            // worth it when one of them is in at most a tenth of the papers.
            let documents = phrase < given.count ? given[phrase] ?? 0 : 0
            if documents * 10 <= rows { selective = true }
        }
        guard !sets.isEmpty, selective else { return nil }
        let matches = try self.matches(of: try self.plan(others), in: sets.map(\.members), scored: scored,
                                       weights: request.weights)
        guard scored else { return (matches, matches.count) }

        // The most the prefixes can add: the idf from the fewer papers of the count the
        // ranking is given and the set's, so the bound holds whichever it uses.
        var most = 0.0
        for (members, phrase) in sets {
            let documents = min(members.count, phrase < given.count ? given[phrase] ?? Int.max : Int.max)
            most += KnownFrequencyBM25.largestTerm(idf: KnownFrequencyBM25.idf(papers: Double(rows), documents: Double(documents)))
        }
        return (matches.mapValues { $0 - most }, matches.count)
    }
}
