extension PaperIndex {
    /// Most words of a search made only of common words ranked from their lists. With three,
    /// papers missing from two lists get bounds too loose to place the page: on the 1M
    /// benchmark index, four such searches needed 2,624 to 22,227 papers scored one by one,
    /// and two of them still could not prove their page.
    static let mostCommonWordsRanked = 2

    /// The page and total of a search of plain words of which some are common (they have
    /// ``TermMembers``: words in more than a tenth of the papers), or nil when the stored
    /// lists and members cannot give them (SQL then ranks every match). Only common words:
    /// ``onlyCommonWords(_:request:wanted:tokens:members:)``; common words among others:
    /// ``someCommonWords(_:request:wanted:words:tokens:members:)``.
    func commonWordsRanked(_ plan: QueryPlan, request: SearchRequest) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        let wanted = max(0, request.offset) + max(0, request.limit)
        guard request.weights == .standard, plan.excluded.isEmpty, plan.filters.isEmpty, plan.excludedFilters.isEmpty,
              let words = plan.plainWords, words.count >= 2, wanted <= TermImpacts.kept else { return nil }
        let stemmer = try queryWords().stemmer
        var tokens: [String] = []
        for word in words {
            let token = stemmer.queryTokens(word, prefix: false)
            guard token.count == 1, !tokens.contains(token[0]) else { return nil }
            tokens.append(token[0])
        }
        var members: [TermMembers?] = []
        for token in tokens { members.append(try TermMembers.load(database, token: token)) }
        guard members.contains(where: { $0 != nil }), try TermImpacts.areCurrent(database) else { return nil }
        if members.allSatisfy({ $0 != nil }) {
            return try onlyCommonWords(plan, request: request, wanted: wanted, tokens: tokens, members: members.map { $0! })
        }
        return try someCommonWords(plan, request: request, wanted: wanted, words: words, tokens: tokens, members: members)
    }

    /// A search made only of common words. Any number of them is counted; two are ranked
    /// (``mostCommonWordsRanked``).
    ///
    /// Such a search matches most of the index: at 1M papers, two of these words took 224 ms
    /// to rank, 75–100 ms of it just to count the matches. Here the members intersect to the
    /// total. A paper's score is the sum of its words' scores (``KnownFrequencyBM25`` adds the
    /// phrases in order, from 0, and so does this, so sums are exact to the bit). A paper in
    /// every list has its score from the lists. One missing from a list scores there no
    /// better than the list's last paper, which bounds its score; the papers whose bound could
    /// reach the page are scored by SQL, best bound first. A paper in no list scores no better
    /// than the sum of the lists' last scores: when the page's last score beats that, the page
    /// is BM25's own; otherwise this gives up. Ties with the page's last paper are all known
    /// (bounds tied with it are scored), so they are ordered as the SQL path orders them.
    private func onlyCommonWords(_ plan: QueryPlan, request: SearchRequest, wanted: Int, tokens: [String],
                                 members: [TermMembers]) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        var matching = members[0]
        for other in members.dropFirst() { matching.formIntersection(other) }
        let total = matching.count
        guard wanted > 0 else { return ([], total) }
        guard tokens.count <= Self.mostCommonWordsRanked else { return nil }
        var lists: [TermImpacts.List] = []
        for token in tokens {
            guard let list = try TermImpacts.list(database, token: token), list.ranked.count < list.documents else { return nil }
            lists.append(list)
        }

        // Each candidate's known scores by phrase (nil: not in that list).
        let phrases = lists.count
        var known: [Int: [Double?]] = [:]
        known.reserveCapacity(lists.reduce(0) { $0 + $1.ranked.count })
        for (phrase, list) in lists.enumerated() {
            for (rowid, score) in list.ranked where matching.contains(rowid) {
                known[rowid, default: Array(repeating: nil, count: phrases)][phrase] = score
            }
        }
        let lasts = lists.map { $0.ranked[$0.ranked.count - 1].score }
        func sum(_ scores: [Double?]) -> Double {
            var total = 0.0
            for phrase in 0..<phrases { total += scores[phrase] ?? lasts[phrase] }
            return total
        }
        var scored: [(rowid: Int, score: Double)] = []
        var bounded: [(rowid: Int, bound: Double)] = []
        for (rowid, scores) in known {
            if scores.allSatisfy({ $0 != nil }) {
                scored.append((rowid, sum(scores)))
            } else {
                bounded.append((rowid, sum(scores)))
            }
        }
        guard try scoreExactly(bounded, into: &scored, wanted: wanted, plan: plan, request: request) else { return nil }
        let last = scored.count >= wanted ? scored[wanted - 1].score : .infinity
        guard last < lasts.reduce(0, +) else { return nil }
        let ranked = Array(scored.prefix { $0.score <= last })
        return (try rankedPage(ranked, wanted: wanted, offset: request.offset), total)
    }

    /// A search of plain words of which some are common and some not (`the transformer`):
    /// FTS5 matches the others, and the common ones' members filter those matches, so FTS5
    /// never reads the common words' long doclists to intersect them (at 1M papers, `the` is in
    /// every paper). Every match is then known with the score of its other words; a common
    /// word adds its list's score when the paper is in its list, and otherwise no better than
    /// the list's last. Papers in the order of that bound are scored exactly by SQL until the
    /// page's last score is better than the next bound: the page is then BM25's own.
    private func someCommonWords(_ plan: QueryPlan, request: SearchRequest, wanted: Int, words: [String], tokens: [String],
                                 members: [TermMembers?]) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        var common: [TermMembers] = []
        var lists: [TermImpacts.List] = []
        var others: [QueryNode] = []
        for (index, word) in words.enumerated() {
            if let set = members[index] {
                common.append(set)
                // A count needs no scores.
                guard wanted > 0 else { continue }
                guard let list = try TermImpacts.list(database, token: tokens[index]), !list.ranked.isEmpty else { return nil }
                lists.append(list)
            } else {
                others.append(.term(word, prefix: false))
            }
        }
        let rest = try self.plan(others)
        var matches: [Int: Double]
        if let listed = try postingsMatches(rest, in: common) {
            matches = listed
        } else {
            matches = try self.matches(of: rest, in: common, scored: wanted > 0, weights: request.weights)
        }
        guard wanted > 0 else { return ([], matches.count) }

        // The best each common word can add: its list's score, or the list's last.
        var bounds = matches
        // A bitmap of the matches to test a list's papers against: a common word's list holds
        // thousands of papers, and a dictionary lookup for each took 0.2 ms of a search.
        let matched = TermMembers(rowids: matches.keys)
        for list in lists {
            let last = list.ranked[list.ranked.count - 1].score
            var listed: Set<Int> = []
            for (rowid, score) in list.ranked where matched.contains(rowid) {
                bounds[rowid]! += score
                listed.insert(rowid)
            }
            for rowid in matches.keys where !listed.contains(rowid) { bounds[rowid]! += last }
        }
        return try boundedPage(bounds, total: matches.count, wanted: wanted, plan: plan, request: request)
    }

    /// The matches of `plan` that are in every set of `sets`, with the scores the plan's
    /// ranking expression gives them (0 when not `scored`), from FTS5.
    func matches(of plan: QueryPlan, in sets: [TermMembers], scored: Bool, weights: RankingWeights) throws -> [Int: Double] {
        let (from, values) = selection(plan)
        let score = scored ? try rankExpression(plan, weights) : "0.0"
        let statement = try database.cached("SELECT papers_fts.rowid, \(score) \(from)")
        defer { statement.reset() }
        statement.reset()
        try statement.bind(values)
        var matches: [Int: Double] = [:]
        while try statement.step() {
            let rowid = statement.int(at: 0)
            if sets.allSatisfy({ $0.contains(rowid) }) { matches[rowid] = statement.double(at: 1) }
        }
        return matches
    }

    /// The page of a search whose matches are known with a bound on their score each (lower
    /// is better): the papers whose bound reaches the page are scored exactly, best bound
    /// first (``scoreExactly(_:into:wanted:plan:request:)``); nil when that takes too many.
    func boundedPage(_ bounds: [Int: Double], total: Int, wanted: Int, plan: QueryPlan, request: SearchRequest) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        // The exact score adds the same terms in another order; a relative slack far above
        // the rounding keeps every bound below the score it bounds.
        let bounded = bounds.map { (rowid: $0.key, bound: $0.value - 1e-9 * (1 + abs($0.value))) }
        var scored: [(rowid: Int, score: Double)] = []
        guard try scoreExactly(bounded, into: &scored, wanted: wanted, plan: plan, request: request) else { return nil }
        guard !scored.isEmpty else { return ([], total) }
        let last = scored[min(wanted, scored.count) - 1].score
        let ranked = Array(scored.prefix { $0.score <= last })
        return (try rankedPage(ranked, wanted: wanted, offset: request.offset), total)
    }

    /// The matches of `plan` (plain words, none of them common) that are in every set of
    /// `common`, with the scores the plan's ranking expression gives them, from the words'
    /// ``TermPostings``; or nil when a word has none and is in at least as many papers as a
    /// list needs. A word in fewer papers has no list because FTS5 reads it quickly; its
    /// papers and frequencies are read here from FTS5 alone, without the other words.
    ///
    /// At 1M papers, FTS5 matching and ranking a word in 6% of the papers with one in 0.07%
    /// took about 0.8 ms of a 1.5 ms search of three words, one of them common.
    private func postingsMatches(_ plan: QueryPlan, in common: [TermMembers]) throws -> [Int: Double]? {
        guard let words = plan.plainWords, let match = plan.match, let phrases = FTSPhrase.phrases(in: match),
              phrases.count == words.count, let state = try TermImpacts.currentState(database),
              let rows = FTS5Record.integers(state.averages).first, rows > 0 else { return nil }
        let stemmer = try queryWords().stemmer
        let fewest = TermPostings.fewest(papers: rows)
        // Stored counts, so that a word known to be too frequent is not read only to be dropped.
        let known = try knownCounts(plan)?.documents ?? []
        var lists: [any PostingsList] = []
        for (number, (word, phrase)) in zip(words, phrases).enumerated() {
            guard let key = Self.postingsKey(word, field: nil, phrase: phrase, stemmer: stemmer) else { return nil }
            if let list = try StoredPostings.load(database, token: key, field: nil) {
                lists.append(list)
            } else if (number < known.count ? known[number] ?? 0 : 0) < fewest,
                      let list = try TermPostings.read(database, expression: FTSExpression.quote(phrase.text), limit: fewest) {
                lists.append(list)
            } else {
                return nil
            }
        }
        guard let (idf, averageLength) = try postingsBM25(plan, lists: lists) else { return nil }
        documentLengths.startQuery()
        guard let (rowids, frequencies) = Self.intersect(lists) else { return nil }
        let candidates = rowids.indices.filter { candidate in common.allSatisfy { $0.contains(rowids[candidate]) } }
        guard let scored = scored(candidates, of: rowids, frequencies: frequencies, idf: idf, averageLength: averageLength)
        else { return nil }
        return Dictionary(uniqueKeysWithValues: scored.map { ($0.rowid, $0.score) })
    }

    /// Scores by SQL the `bounded` papers, best bound first, whose bound could reach the page
    /// (`wanted` rows, ties included), adding them to `scored` and keeping it sorted. False
    /// when that takes more than ``mostScoredExactly``.
    private func scoreExactly(_ bounded: [(rowid: Int, bound: Double)], into scored: inout [(rowid: Int, score: Double)],
                              wanted: Int, plan: QueryPlan, request: SearchRequest) throws -> Bool {
        let bounded = bounded.sorted { $0.bound < $1.bound }
        scored.sort { $0.score < $1.score }
        func boundary() -> Double { scored.count >= wanted ? scored[wanted - 1].score : .infinity }
        let exact = try database.cached(
            "SELECT papers_fts.rowid, \(try rankExpression(plan, request.weights)) FROM papers_fts "
                + "WHERE papers_fts MATCH ?1 AND papers_fts.rowid IN ("
                + (0..<Self.scoredTogether).map { "?\($0 + 2)" }.joined(separator: ", ") + ")")
        defer { exact.reset() }
        // Single words are scored from the papers' text, without looking them up in FTS5.
        let text = try TextScorer(plan, weights: request.weights, index: self)
        var next = 0
        while next < bounded.count, bounded[next].bound <= boundary() {
            // Past this many, ranking every match in SQL is about as fast.
            guard next < Self.mostScoredExactly else { return false }
            // Until the page is full every paper in bound order is needed; after that only
            // those whose bound still reaches it, so smaller steps waste fewer lookups.
            let step = scored.count >= wanted ? 8 : max(8, wanted - scored.count)
            let batch = bounded[next..<min(next + min(step, Self.scoredTogether), bounded.count)]
            next = batch.endIndex
            if let text {
                for (rowid, _) in batch {
                    if let score = try text.score(rowid, in: self) { scored.append((rowid, score)) }
                }
                scored.sort { $0.score < $1.score }
                continue
            }
            exact.reset()
            var values: [SQLValue] = [.text(plan.lookupMatch ?? plan.match ?? "")]
            values += batch.map { SQLValue($0.rowid) }
            values += Array(repeating: SQLValue(-1), count: Self.scoredTogether - batch.count)
            try exact.bind(values)
            while try exact.step() { scored.append((exact.int(at: 0), exact.double(at: 1))) }
            scored.sort { $0.score < $1.score }
        }
        return true
    }

    /// Papers scored by one statement (its `rowid IN` list).
    private static let scoredTogether = 64
    /// Papers scored one by one, at most: each costs FTS5 a lookup in every word's doclist
    /// (about 50 µs at 1M papers), so 2,048 of them cost about half of what ranking every
    /// match does.
    private static let mostScoredExactly = 2_048
}
