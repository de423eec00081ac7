import Testing
@testable import PaperSearch

@Suite struct CommonPrefixesTests {
    private typealias Page = SearchPage

    /// Prefixes held by a quarter of the fixture's 200 papers or more (`con`, `pro`, `the`,
    /// `sta`, `com`), with words in 3 to 19 of them (`spin` only beside a rarer one) and in none (`zyxwv`); a prefix too rare for a
    /// set (`entang`). Left to SQL: prefixes alone (`con* pro*`, no other term to match) and
    /// with a word in more than a tenth of the papers (`quantum`, in 34). A prefix in more
    /// than half the papers adds almost nothing to a score (BM25's idf floor); `stud`, `cha`,
    /// `tra`, `theor`, `sim` and `mod`, in 52 to 75, add enough to reorder a page.
    static let queries = ["con* network", "network pro*", "the* entanglement", "con* pro* chain", "sta* grabec",
                          "con* zyxwv", "com* spin chain", "entang* pro*", "pro* entang* graph", "stud* network",
                          "cha* spin", "tra* entanglement", "theor* spin chain", "sim* network", "mod* graph",
                          "con* pro*", "con* quantum"]
    static let answerable = Array(queries.dropLast(2))
    /// (limit, offset): first pages, a page further down, one row, and a count only.
    static let pages = [(10, 0), (1, 0), (5, 7), (20, 0), (0, 0)]

    private func pages(_ index: PaperIndex) throws -> [String: [Page]] {
        var pages: [String: [Page]] = [:]
        for query in Self.queries {
            pages[query] = try Self.pages.map { try Page(index, query, limit: $0.0, offset: $0.1) }
        }
        return pages
    }

    /// The queries' pages the sets answered.
    private func answered(_ index: PaperIndex) throws -> [String: Int] {
        var answered: [String: Int] = [:]
        for query in Self.queries {
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            for (limit, offset) in Self.pages
            where try index.commonPrefixesRanked(plan, request: Page.request(query, limit: limit, offset: offset)) != nil {
                answered[query, default: 0] += 1
            }
        }
        return answered
    }

    /// The fixture is far below the real thresholds: prefixes in a quarter of the papers get sets.
    private func optimize(_ index: PaperIndex) throws {
        _ = try index.optimize(minimumDocuments: 2, maximumShare: 0.3, commonKept: { _ in 60 }, prefixSets: { $0 / 4 })
    }

    @Test func optimizeStoresThePapersFTS5MatchesForEachCommonPrefix() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // No prefix is in 100,000 papers here.
        _ = try index.optimize(minimumDocuments: 2, maximumShare: 0.3, commonKept: { _ in 60 })
        #expect(try index.database.scalarInt("SELECT count(*) FROM prefix_members") == 0)
        try optimize(index)
        let papers = try index.count()
        let counted = try index.database.prepare("SELECT prefix, documents FROM prefix_terms WHERE documents >= ?1")
        try counted.bind([SQLValue(papers / 4)])
        var prefixes: [String] = []
        while try counted.step() { prefixes.append(counted.text(at: 0)) }
        let stemmer = try index.queryWords().stemmer
        let kept = prefixes.filter { stemmer.queryTokens($0, prefix: true) == [$0] }
        #expect(kept.contains("con") && kept.contains("pro"))
        #expect(try index.database.scalarInt("SELECT count(*) FROM prefix_members") == kept.count)
        let rowids = try index.database.prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1")
        for prefix in kept {
            let members = try #require(try PrefixMembers.load(index.database, prefix: prefix))
            rowids.reset()
            try rowids.bind([.text("\"\(prefix)\"*")])
            var expected = TermMembers(rowids: [])
            while try rowids.step() { expected.insert(rowids.int(at: 0)) }
            #expect(members.count == expected.count && members.count >= papers / 4, "\(prefix)")
            #expect((0..<1_000).allSatisfy { members.contains($0) == expected.contains($0) }, "\(prefix)")
        }
    }

    @Test func prefixSearchesReturnWhatRankingEveryMatchReturns() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let before = try pages(index)
        #expect(try answered(index).isEmpty)
        try optimize(index)
        let after = try pages(index)
        for query in Self.queries { #expect(after[query] == before[query], "\(query)") }
        // Every page of a query with a common prefix and another word in few papers.
        let answered = try answered(index)
        for query in Self.answerable { #expect(answered[query] == Self.pages.count, "\(query)") }
        #expect(answered["con* pro*"] == nil && answered["con* quantum"] == nil)
        #expect(before["con* network"]![0].total > 2)
    }

    /// Every match is bounded, and no bound is worse than the paper's score: a paper the
    /// page needs is never left unscored.
    @Test func everyMatchHasABoundNoWorseThanItsScore() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        var tight = 0
        for query in Self.answerable {
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            let (bounds, total) = try #require(try index.commonPrefixBounds(plan, request: Page.request(query), scored: true))
            let exact = try index.database.prepare(
                "SELECT rowid, \(try index.rankExpression(plan, .standard)) FROM papers_fts WHERE papers_fts MATCH ?1")
            try exact.bind([.text(plan.match!)])
            var matches = 0
            while try exact.step() {
                let bound = try #require(bounds[exact.int(at: 0)], "\(query)")
                #expect(bound <= exact.double(at: 1), "\(query)")
                if exact.double(at: 1) - bound < 2.5 { tight += 1 }
                matches += 1
            }
            #expect(matches == total && total == bounds.count, "\(query)")
        }
        // Bounds within BM25's limit for one phrase (2.2 idf) of the score.
        #expect(tight > 20)
    }

    @Test func theSetsFilterTheMatches() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        let whole = try Page(index, "con* network")
        try index.database.execute("UPDATE prefix_members SET members = zeroblob(8) WHERE prefix = 'con'")
        #expect(try Page(index, "con* network").total == 0)
        #expect(whole.total > 0)
    }

    @Test func aLaterWriteLeavesTheSetsUnused() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        #expect(try !answered(index).isEmpty)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try answered(index).isEmpty)
        #expect(try Page(index, "con* network").total > 0)
    }
}
