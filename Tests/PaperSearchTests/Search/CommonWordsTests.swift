import Foundation
import Testing
@testable import PaperSearch

@Suite struct CommonWordsTests {
    private typealias Page = SearchPage

    private func page(_ index: PaperIndex, _ query: String, limit: Int = 10, offset: Int = 0) throws -> Page {
        try Page(index, query, limit: limit, offset: offset)
    }

    /// Words in over a third of the fixture's 200 papers, and two that are not ("quantum" is in
    /// fewer, "d" is no word of the index).
    static let common = ["the", "of", "and", "a", "in", "to", "we", "is", "for", "with"]
    static let queries: [String] = {
        var queries: [String] = []
        for (i, a) in common.enumerated() {
            for b in common[(i + 1)...] { queries.append("\(a) \(b)") }
        }
        return queries + ["the of and", "the quantum", "of d"]
    }()
    /// (limit, offset): first pages, a page further down, one row, and a count only.
    static let pages = [(10, 0), (1, 0), (5, 7), (20, 0), (0, 0)]

    private func fixture(_ directory: TemporaryDirectory) throws -> (PaperIndex, before: [String: [Page]]) {
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        var before: [String: [Page]] = [:]
        for query in Self.queries {
            before[query] = try Self.pages.map { try page(index, query, limit: $0.0, offset: $0.1) }
        }
        return (index, before)
    }

    /// The fixture is far below the real thresholds: lists for terms in two papers up to a
    /// third of them, and longer lists with members above that.
    private func rank(_ index: PaperIndex, kept: Int) throws {
        try index.rankTermImpacts(minimumDocuments: 2, maximumShare: 0.3, commonKept: { _ in kept })
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_members") ?? 0 >= Self.common.count)
    }

    /// How many of the queries' pages the lists answered.
    private func answered(_ index: PaperIndex) throws -> Int {
        var answered = 0
        for query in Self.queries {
            for (limit, offset) in Self.pages {
                let request = Page.request(query, limit: limit, offset: offset)
                let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
                if try index.commonWordsRanked(plan, request: request) != nil { answered += 1 }
            }
        }
        return answered
    }

    @Test(arguments: [3, 12, 60])
    func searchesOfCommonWordsReturnWhatRankingEveryMatchReturns(kept: Int) throws {
        let directory = try TemporaryDirectory()
        let (index, before) = try fixture(directory)
        try rank(index, kept: kept)
        for query in Self.queries {
            let after = try Self.pages.map { try page(index, query, limit: $0.0, offset: $0.1) }
            #expect(after == before[query], "\(query)")
        }
        // Every count is answered; pages only when the lists prove them, more often with
        // longer lists.
        let counts = Self.queries.count - 2
        let answered = try answered(index)
        #expect(answered >= counts)
        if kept == 60 { #expect(answered > counts * 3) }
        if kept == 3 { #expect(answered < counts * 2) }
    }

    /// Common words among others: one or two of them, with words in a few papers or many.
    /// Words in over half the papers add almost nothing to a score (BM25's idf floor); `be`,
    /// `an`, `as` and `from` (in 69 to 81 of the 200) add enough to reorder the others.
    static let mixed = ["the quantum", "quantum the", "of we quantum", "a quantum state", "we show entanglement",
                        "in field theory", "the of quantum", "with entanglement", "and d",
                        "be quantum", "quantum from state", "an as model", "field as"]

    @Test(arguments: [3, 60])
    func commonWordsAmongOthersFilterTheirMatchesAndRankAsSQLDoes(kept: Int) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        var before: [String: [Page]] = [:]
        for query in Self.mixed {
            before[query] = try Self.pages.map { try page(index, query, limit: $0.0, offset: $0.1) }
        }
        try rank(index, kept: kept)
        var answered = 0
        for query in Self.mixed {
            let after = try Self.pages.map { try page(index, query, limit: $0.0, offset: $0.1) }
            #expect(after == before[query], "\(query)")
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            for (limit, offset) in Self.pages
            where try index.commonWordsRanked(plan, request: Page.request(query, limit: limit, offset: offset)) != nil {
                answered += 1
            }
        }
        // However short the lists, every match is known: every page is answered.
        #expect(answered == Self.mixed.count * Self.pages.count)
        #expect(before["the quantum"]![0].total > 0)
        // The members are what filtered them.
        try index.database.execute("UPDATE term_members SET members = zeroblob(8) WHERE term = 'the'")
        #expect(try page(index, "the quantum").total == 0)
    }

    @Test func theMembersGiveTheTotalAndTheListsThePage() throws {
        let directory = try TemporaryDirectory()
        let (index, before) = try fixture(directory)
        try rank(index, kept: 60)
        #expect(try page(index, "the of") == before["the of"]![0])
        // An emptied set of members: no paper holds both words.
        try index.database.execute("UPDATE term_members SET members = zeroblob(8) WHERE term = 'of'")
        #expect(try page(index, "the of", limit: 0).total == 0)
        try rank(index, kept: 60)
        // A paper in both lists, scored far better in one: it ranks first.
        let the = Set(try #require(try TermImpacts.list(index.database, token: "the")).ranked.map(\.rowid))
        var ranked = try #require(try TermImpacts.list(index.database, token: "of")).ranked
        let both = try #require(ranked.lastIndex { the.contains($0.rowid) })
        let moved = ranked.remove(at: both)
        ranked.insert((moved.rowid, -1_000), at: 0)
        let update = try index.database.prepare("UPDATE term_impacts SET ranked = ?1 WHERE term = 'of' AND field = ''")
        try update.bind([.blob(TermImpacts.encode(ranked))])
        _ = try update.step()
        let changed = try page(index, "the of")
        #expect(changed != before["the of"]![0])
        #expect(changed.scores.first ?? 0 > 1_000)
    }

    @Test func aLaterWriteLeavesTheMembersUnused() throws {
        let directory = try TemporaryDirectory()
        let (index, _) = try fixture(directory)
        try rank(index, kept: 60)
        #expect(try answered(index) > 0)
        try index.database.execute("UPDATE term_members SET members = zeroblob(8)")
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try answered(index) == 0)
        #expect(try page(index, "the of", limit: 0).total > 0)
    }

    @Test func optimizeStoresTheMembersAndAnIngestDropsThem() throws {
        let directory = try TemporaryDirectory()
        let (index, before) = try fixture(directory)
        let summary = try index.optimize(minimumDocuments: 2, maximumShare: 0.3, commonKept: { _ in 60 })
        #expect(summary.rankedLists > Self.common.count)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_members") ?? 0 >= Self.common.count)
        #expect(try answered(index) > 0)
        let five = try page(index, "and we", limit: 5), ten = before["and we"]![0]
        #expect(five.ids == Array(ten.ids.prefix(5)) && five.total == ten.total)
        // A first load ranks the lists without members: those cost an optimize its time.
        try index.rankTermImpacts(minimumDocuments: 2, maximumShare: 0.3)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_members") == 0)
        #expect(try answered(index) == 0)
    }
}
