import CSQLite

/// The best-ranked papers of each frequent term (`Schema/007_term_impacts.sql`), so that a
/// one-word search reads its page instead of scoring every match.
///
/// BM25 cannot know the best ten papers of a word before it has scored all of the word's
/// papers: at 1M papers a word in 6% of them is 63,000 scores, about 9 ms. The lists are
/// ranked by the search's own SQL and ranking expression, and used only while FTS5's index
/// is byte for byte the one they were ranked on (its structure and averages records). Any
/// later write leaves them unused, so a search then ranks as before: the lists can make a
/// search faster, never different.
///
/// Ranking them reads the doclists of every term in the band: `papers optimize` (this and
/// the recount of ``CommonTerms``) took 19.5 s at 1.1M papers, about what the 10%
/// incremental load before it took (20.5 s). So an ingest ranks them only when it changed at
/// least ``rankShare`` of the papers (a first load always does); ``PaperIndex/optimize()``
/// ranks them on demand.
struct TermImpacts {
    /// Papers kept per term: pages up to this deep are read from the list.
    static let kept = 128
    /// Terms in fewer papers are left to FTS5, which ranks them in about a millisecond.
    static let minimumDocuments = 2_048
    /// Terms in a larger share of the papers are left out: at 1M papers the 205 terms in more
    /// than a tenth of them hold 59M postings, nearly as many as the 7,869 terms in the band
    /// (71M), and ranking reads every one.
    static let maximumShare = 0.10
    /// Share of the papers an ingest must add or update to rank the lists at its end.
    static let rankShare = 0.5
    /// Papers kept per term above ``maximumShare`` in an index of `papers`
    /// (``PaperIndex/optimize()`` only), with its ``TermMembers``: enough for a search of two
    /// such terms to prove its first page from the lists. On the benchmark's 1M papers, for
    /// its 20 two-word queries of common words, 4,096 needed 116 to 2,198 papers scored one by
    /// one; 8,192 needed 91 to 831. The 200 lists of 8,192 take 26 MB: in a smaller index they
    /// keep the same share of the papers (at 100k, 8,192 would have taken the index from 2.29
    /// to 2.46 times the raw text).
    static func commonKept(papers: Int) -> Int {
        min(8_192, max(1_024, papers / 128))
    }

    /// One term's stored list.
    struct List {
        /// Papers holding the term: the search's total.
        let documents: Int
        /// The first ``kept`` papers and their scores as the ranked SQL returns them (lower
        /// is better), in that order.
        let ranked: [(rowid: Int, score: Double)]
    }

    /// FTS5's structure record (its segments, rewritten by every write) and averages record
    /// (its row and token totals), the index state a list belongs to.
    static func state(_ database: Database) throws -> (structure: [UInt8], averages: [UInt8]) {
        let record = try database.cached("SELECT block FROM papers_fts_data WHERE id = ?1")
        func read(_ id: Int) throws -> [UInt8] {
            record.reset()
            defer { record.reset() }
            try record.bind([SQLValue(id)])
            return try record.step() ? record.blob(at: 0) : []
        }
        return (try read(10), try read(1))
    }

    /// True when the stored lists were ranked on the index as it is now.
    static func areCurrent(_ database: Database) throws -> Bool {
        try currentState(database) != nil
    }

    /// FTS5's state now, when the stored lists were ranked on it; else nil.
    static func currentState(_ database: Database) throws -> (structure: [UInt8], averages: [UInt8])? {
        let basis = try database.cached("SELECT structure, averages FROM term_impacts_basis")
        defer { basis.reset() }
        guard try basis.step() else { return nil }
        let now = try state(database)
        return basis.blob(at: 0) == now.structure && basis.blob(at: 1) == now.averages ? now : nil
    }

    /// Fields with lists of their own besides the whole paper.
    static let fields: [TextField] = [.title]

    /// The stored list of `token` in `field` (nil: the whole paper), or nil when there is none.
    static func list(_ database: Database, token: String, field: TextField? = nil) throws -> List? {
        let row = try database.cached("SELECT documents, ranked FROM term_impacts WHERE term = ?1 AND field = ?2")
        defer { row.reset() }
        try row.bind([.text(token), .text(field?.rawValue ?? "")])
        guard try row.step() else { return nil }
        let documents = row.int(at: 0)
        let ranked = row.withBlob(at: 1) { bytes in
            (0..<(bytes.count / 16)).map { index in
                (rowid: Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16 * index, as: Int64.self))),
                 score: Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16 * index + 8, as: UInt64.self))))
            }
        }
        return List(documents: documents, ranked: ranked)
    }

    /// The stored form of a list's rows (see the schema).
    static func encode(_ ranked: [(rowid: Int, score: Double)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * ranked.count)
        for (rowid, score) in ranked {
            withUnsafeBytes(of: Int64(rowid).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: score.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    /// What ranks a word's lists: the counts a list is kept for, the text a query reads as
    /// each token (``CommonTerms/queryText(for:surfaces:tokenizer:)``), and the fields with
    /// lists of their own, each with its share of the index's tokens.
    struct Band: Sendable {
        let documents: ClosedRange<Int>
        let surfaces: [String: String]
        let fieldShares: [(field: TextField, share: Double)]
    }

    /// A word in more than a tenth of the papers: its stored list and its papers' set.
    struct CommonWord: Sendable {
        let token: String
        let documents: Int
        let ranked: [(rowid: Int, score: Double)]
        let members: [UInt8]
    }

    /// A word's postings as stored in `term_postings`.
    struct Postings: Sendable {
        let token: String
        let field: TextField?
        let papers: Int
        let bytes: [UInt8]
    }

    /// One word ranked: its count in whole papers (nil: no query reads as the word) and the
    /// lists to store, whole papers (field nil) or one field.
    struct RankedWord: Sendable {
        let token: String
        let documents: Int?
        let lists: [(field: TextField?, documents: Int, ranked: [(rowid: Int, score: Double)])]
    }
}

extension PaperIndex {
    /// Ranks every frequent term as a one-word search would and stores its first papers
    /// (``TermImpacts``). Candidates are the tokens of the papers ``CommonTerms`` samples;
    /// each one's exact count comes from its own ranking. With `commonKept`, each term of
    /// ``CommonTerms`` above `maximumShare` also gets a list as long as it says for the
    /// index's number of papers, and its ``TermMembers``, and each counted prefix in as many
    /// papers as `prefixSets` says its ``PrefixMembers``. With `postings`, each term of
    /// ``CommonTerms`` in at least as many papers as it says for the index's number of papers,
    /// and at most `maximumShare` of them, gets its ``TermPostings``, and so does each name
    /// counted in the author field; so does each two-word phrase of such a term and a term
    /// above `maximumShare` held by `fewestPairs` papers or more (``WordPairs``). Runs in its
    /// own transaction.
    ///
    /// - Returns: the number of lists stored.
    @discardableResult
    func rankTermImpacts(minimumDocuments: Int = TermImpacts.minimumDocuments,
                         maximumShare: Double = TermImpacts.maximumShare,
                         commonKept: ((_ papers: Int) -> Int)? = nil,
                         prefixSets: (_ papers: Int) -> Int = PrefixMembers.fewest(papers:),
                         postings: ((_ papers: Int) -> Int)? = nil,
                         anyWords: (_ papers: Int) -> Int = TermPostings.fewestForAny(papers:),
                         fewestPairs: Int = WordPairs.fewest) throws -> Int {
        try database.transaction {
            try database.execute("""
                DELETE FROM term_impacts; DELETE FROM term_impacts_basis; DELETE FROM term_members;
                DELETE FROM prefix_members; DELETE FROM term_postings; DELETE FROM category_members;
                DELETE FROM year_members
                """)
            facetMembers.reset()
            // Ranking writes nothing to FTS5, so the state read now is the one ranked on.
            let state = try TermImpacts.state(database)
            func storeBasis() throws {
                let basis = try database.prepare("INSERT INTO term_impacts_basis (structure, averages) VALUES (?1, ?2)")
                try basis.bind([.blob(state.structure), .blob(state.averages)])
                _ = try basis.step()
            }
            let papers = try database.scalarInt("SELECT count(*) FROM papers") ?? 0
            let maximum = Int(Double(papers) * maximumShare)
            // With no term in range there are no lists, and the basis still says for which
            // index that was found.
            guard papers > 0, minimumDocuments <= maximum else {
                try storeBasis()
                return 0
            }
            let stemmer = try queryWords().stemmer
            let (sampled, seen, _, surfaces) = try CommonTerms.sampledTokens(database, tokenizer: stemmer)
            // A term in `minimumDocuments` papers is expected this often in the sample; half
            // of that keeps nearly all of them, and the exact count decides. At least three:
            // at 1M papers, tokens seen twice were mostly in fewer papers than the minimum,
            // and ranking them only to drop them took seconds.
            let expected = Double(sampled) * Double(minimumDocuments) / Double(papers)
            let fewest = max(3, Int(expected / 2))
            let most = Int((Double(sampled) * maximumShare * 1.5).rounded(.up))
            let counts = try CommonTerms.load(database)
            let known = counts?.documents ?? [:]
            let insert = try database.prepare(
                "INSERT INTO term_impacts (term, field, documents, ranked) VALUES (?1, ?2, ?3, ?4)")
            var stored = 0
            func insertList(_ token: String, _ field: TextField?, documents: Int, ranked: [(rowid: Int, score: Double)]) throws {
                insert.reset()
                try insert.bind([.text(token), .text(field?.rawValue ?? ""), SQLValue(documents),
                                 .blob(TermImpacts.encode(ranked))])
                _ = try insert.step()
                stored += 1
            }
            let totals = FTS5Record.integers(state.averages).dropFirst().map(Double.init)
            let all = totals.reduce(0, +)
            let band = TermImpacts.Band(
                documents: minimumDocuments...max(minimumDocuments, maximum), surfaces: surfaces,
                fieldShares: TermImpacts.fields.map { field in
                    (field, all > 0 ? totals[TextField.allCases.firstIndex(of: field)!] / all : 0)
                })
            // Words whose count is known to be out of range are not ranked at all (the counts
            // may predate the last small ingest: a word skipped wrongly only has no list).
            // The commonest first: the threads take the longest lists early and end together.
            let candidates = seen.filter { token, hits in
                guard hits >= fewest, hits <= most else { return false }
                if let count = known[token], count > maximum || count < minimumDocuments { return false }
                return true
            }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            let helper: @Sendable () throws -> PaperIndex? = { [path] in
                try PaperIndex(path: path, access: .readOnly, pageCacheKiB: SecondReader.pageCacheKiB)
            }
            // Each ranked word's exact count, for the lists of any-word searches below.
            var rankedCounts: [String: Int] = [:]
            try SecondReader.forEach(candidates, here: self, open: helper) { index, token in
                try index.rankInBand(token, band)
            } then: { word in
                // Stored under the token a query word is looked up by.
                rankedCounts[word.token] = word.documents
                for list in word.lists { try insertList(word.token, list.field, documents: list.documents, ranked: list.ranked) }
            }
            // The words in more than `maximum` papers, by the last count.
            let common = known.filter { $0.value > maximum }.keys.sorted()
            if let commonKept {
                let kept = commonKept(papers)
                let members = try database.prepare("INSERT INTO term_members (term, members) VALUES (?1, ?2)")
                try SecondReader.forEach(common, here: self, open: helper) { index, token in
                    try index.commonWord(token, surfaces: surfaces, keeping: kept, above: maximum)
                } then: { word in
                    guard let word else { return }
                    try insertList(word.token, nil, documents: word.documents, ranked: word.ranked)
                    members.reset()
                    try members.bind([.text(word.token), .blob(word.members)])
                    _ = try members.step()
                }
                _ = try PrefixMembers.build(database, counts: counts?.prefixDocuments ?? [:], fewest: prefixSets(papers),
                                            tokenizer: stemmer)
            }
            if let postings {
                let fewest = postings(papers)
                let insert = try database.prepare(
                    "INSERT INTO term_postings (term, field, papers, postings) VALUES (?1, ?2, ?3, ?4)")
                // Reads each word's list on either connection and stores those in `fewest`
                // papers or more; returns the words stored.
                func store(_ words: [(token: String, field: TextField?, fewest: Int)]) throws -> [String] {
                    var listed: [String] = []
                    try SecondReader.forEach(words, here: self, open: helper) { index, word in
                        try index.postingsList(word.token, field: word.field, surfaces: surfaces, fewest: word.fewest)
                    } then: { list in
                        guard let list else { return }
                        insert.reset()
                        try insert.bind([.text(list.token), .text(list.field?.rawValue ?? ""), SQLValue(list.papers),
                                         .blob(list.bytes)])
                        _ = try insert.step()
                        listed.append(list.token)
                    }
                    return listed
                }
                let listed = try store(known.filter { $0.value >= fewest && $0.value <= maximum }.keys.sorted()
                    .map { ($0, nil, fewest) })
                // The rarer words of any-word searches: lists, but no phrases (WordPairs). The
                // ranked words' counts are known; a word too rare to be ranked is read when
                // the sample holds it half as often as a word in `fewestForAny` papers.
                let fewestForAny = min(fewest, anyWords(papers))
                let alreadyListed = Set(listed)
                var words: [(token: String, field: TextField?, fewest: Int)] = []
                for (token, count) in rankedCounts.sorted(by: { $0.key < $1.key })
                where count >= fewestForAny && count <= maximum && !alreadyListed.contains(token) {
                    words.append((token, nil, fewestForAny))
                }
                let sampledFewest = max(3, Int(Double(sampled) * Double(fewestForAny) / Double(papers) / 2))
                for (token, hits) in seen.sorted(by: { $0.key < $1.key })
                where hits >= sampledFewest && hits <= most && rankedCounts[token] == nil && known[token] == nil {
                    words.append((token, nil, fewestForAny))
                }
                for field in TermPostings.fields {
                    for (token, count) in (counts?.fieldDocuments[field.rawValue] ?? [:]).sorted(by: { $0.key < $1.key })
                    where count >= fewest {
                        words.append((token, field, fewest))
                    }
                }
                _ = try store(words)
                // The phrases of a listed word and a word in more than `maximum` papers.
                let weights = RankingWeights.standard
                try WordPairs.build(database, tokenizer: stemmer, common: common,
                                    listed: listed.sorted(),
                                    weights: [weights.title, weights.abstract, weights.authors].map { UInt32($0) },
                                    fewest: fewestPairs) { key, papers, list in
                    insert.reset()
                    try insert.bind([.text(key), .text(""), SQLValue(papers), .blob(list)])
                    _ = try insert.step()
                }
                try FacetMembers.build(database)
                facetMembers.reset()
            }
            try storeBasis()
            return stored
        }
    }

    /// `token` ranked as its one-word search (in `field`) ranks it: the text the query reads
    /// as the token, the first `kept` papers and the number of matches; nil when no query
    /// reads as the token.
    func rankedList(_ token: String, field: TextField?, surfaces: [String: String], keeping kept: Int)
        throws -> (text: String, ranked: [(rowid: Int, score: Double)], documents: Int)? {
        guard let (text, query) = try oneWordQuery(token, field: field, surfaces: surfaces) else { return nil }
        let plan = try self.plan([query])
        guard let single = plan.singleWord, single.word == text, single.field == field else { return nil }
        let (ranked, documents) = try rankAll(plan, keeping: kept)
        guard let documents else { return nil }
        return (text, ranked, documents)
    }

    /// The one-word query FTS5 reads as `token` (in `field`), with the word's text; nil when
    /// no text reads as the token (``CommonTerms/queryText(for:surfaces:tokenizer:)``).
    private func oneWordQuery(_ token: String, field: TextField?, surfaces: [String: String])
        throws -> (text: String, query: QueryNode)? {
        guard let text = CommonTerms.queryText(for: token, surfaces: surfaces, tokenizer: try queryWords().stemmer) else {
            return nil
        }
        let word = QueryNode.term(text, prefix: false)
        return (text, field.map { .fields([$0], word) } ?? word)
    }

    /// A word in more than `maximum` papers (`above`): its first `kept` papers as its search
    /// ranks them, and the set of its papers (``TermMembers``); nil when no query reads as the
    /// word or it is in fewer papers.
    func commonWord(_ token: String, surfaces: [String: String], keeping kept: Int, above maximum: Int)
        throws -> TermImpacts.CommonWord? {
        guard let list = try rankedList(token, field: nil, surfaces: surfaces, keeping: kept),
              list.documents > maximum else { return nil }
        let set = try TermMembers.matching(database, expression: FTSExpression.quote(list.text))
        return TermImpacts.CommonWord(token: token, documents: list.documents, ranked: list.ranked, members: set.bytes)
    }

    /// The postings of `token` (in `field`) as ``TermPostings`` stores them, whole-paper lists
    /// with the columns apart, for BM25F (``FieldPostings``); nil when no query reads as the
    /// token or it is in fewer than `fewest` papers.
    func postingsList(_ token: String, field: TextField?, surfaces: [String: String], fewest: Int)
        throws -> TermImpacts.Postings? {
        guard let (_, query) = try oneWordQuery(token, field: field, surfaces: surfaces),
              let expression = FTSExpression.render(query) else { return nil }
        let list: (count: Int, bytes: [UInt8])?
        if field == nil {
            list = try FieldPostings.read(database, expression: expression).map { ($0.count, $0.bytes) }
        } else {
            list = try TermPostings.read(database, expression: expression).map { ($0.rowids.count, $0.bytes) }
        }
        guard let list, list.count >= fewest else { return nil }
        return TermImpacts.Postings(token: token, field: field, papers: list.count, bytes: list.bytes)
    }

    /// The lists of `token` in `band`: whole papers, and each field where the word is likely
    /// in enough papers.
    func rankInBand(_ token: String, _ band: TermImpacts.Band) throws -> TermImpacts.RankedWord {
        guard let whole = try rankedList(token, field: nil, surfaces: band.surfaces, keeping: TermImpacts.kept) else {
            return TermImpacts.RankedWord(token: token, documents: nil, lists: [])
        }
        var lists: [(field: TextField?, documents: Int, ranked: [(rowid: Int, score: Double)])] = []
        if band.documents.contains(whole.documents) { lists.append((nil, whole.documents, whole.ranked)) }
        // A field holds the word in fewer papers than the whole paper does, in about its
        // share of the tokens: in the generated 1M corpus titles hold 4.6% of the tokens, and
        // a word in 63,000 papers is in 7,317 titles (2.5 times the share). Ranking a field
        // reads the word's whole doclist again, so a word unlikely to reach the minimum
        // there is not ranked.
        for (field, share) in band.fieldShares
        where Double(whole.documents) * share * 2.5 >= Double(band.documents.lowerBound) {
            if let list = try rankedList(token, field: field, surfaces: band.surfaces, keeping: TermImpacts.kept),
               band.documents.contains(list.documents) {
                lists.append((field, list.documents, list.ranked))
            }
        }
        return TermImpacts.RankedWord(token: token, documents: whole.documents, lists: lists)
    }

    /// The stored list for a one-word search (alone or in one field) with the standard
    /// ranking, when the index is still the one it was ranked on.
    func storedImpacts(_ plan: QueryPlan, weights: RankingWeights) throws -> TermImpacts.List? {
        guard weights == .standard, plan.excluded.isEmpty, plan.filters.isEmpty, plan.excludedFilters.isEmpty,
              let single = plan.singleWord else { return nil }
        let tokens = try queryWords().stemmer.queryTokens(single.word, prefix: false)
        guard tokens.count == 1, let list = try TermImpacts.list(database, token: tokens[0], field: single.field),
              try TermImpacts.areCurrent(database) else { return nil }
        return list
    }
}
