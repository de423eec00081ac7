import Foundation
import Testing
@testable import PaperSearch

@Suite struct TermImpactsTests {
    private typealias Page = SearchPage

    private func page(_ index: PaperIndex, _ word: String, limit: Int = 10, offset: Int = 0) throws -> Page {
        try Page(index, word, limit: limit, offset: offset)
    }

    static let words = ["of", "the", "in", "with", "by", "an", "these", "theory", "quantum", "show", "properties", "density",
                        "title:quantum", "ti:of", "title:theory", "abstract:quantum"]
    /// (limit, offset): first pages, a page across the tail of the list, past it, and none.
    static let pages = [(10, 0), (1, 0), (5, 7), (25, 100), (10, 125), (10, 150), (0, 0)]

    private func rankedFixture(_ directory: TemporaryDirectory) throws -> (PaperIndex, before: [String: [Page]]) {
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        var before: [String: [Page]] = [:]
        for word in Self.words {
            before[word] = try Self.pages.map { try page(index, word, limit: $0.0, offset: $0.1) }
        }
        // The fixture is far below the real thresholds: store every term in two papers or more.
        let stored = try index.rankTermImpacts(minimumDocuments: 2, maximumShare: 1.0)
        #expect(stored > 100)
        return (index, before)
    }

    @Test func oneWordSearchesReadTheListsAndReturnWhatRankingReturns() throws {
        let directory = try TemporaryDirectory()
        let (index, before) = try rankedFixture(directory)
        for word in Self.words {
            let after = try Self.pages.map { try page(index, word, limit: $0.0, offset: $0.1) }
            #expect(after == before[word], "\(word)")
        }
        // The lists are what served those pages: a changed list changes the results.
        try index.database.execute("UPDATE term_impacts SET documents = 9999 WHERE term = 'quantum'")
        #expect(try page(index, "quantum").total == 9999)
        try index.database.execute("UPDATE term_impacts SET documents = 8888 WHERE term = 'quantum' AND field = 'title'")
        #expect(try page(index, "title:quantum").total == 8888)
        try index.database.execute("DELETE FROM term_impacts")
        #expect(try page(index, "quantum") == before["quantum"]![0])
        #expect(try page(index, "title:quantum") == before["title:quantum"]![0])
    }

    @Test func aListHoldsTheSearchesFirstRowsAndCount() throws {
        let directory = try TemporaryDirectory()
        let (index, _) = try rankedFixture(directory)
        let plan = try index.plan([.term("quantum", prefix: false)])
        let list = try #require(try TermImpacts.list(index.database, token: "quantum"))
        let all = try index.rankAll(plan, keeping: 1_000)
        #expect(list.documents == all.total)
        #expect(list.ranked.count == min(TermImpacts.kept, all.ranked.count))
        #expect(list.ranked.map(\.score) == all.ranked.prefix(list.ranked.count).map(\.score))

        let titlePlan = try index.plan([.fields([.title], .term("quantum", prefix: false))])
        let titleList = try #require(try TermImpacts.list(index.database, token: "quantum", field: .title))
        let titleAll = try index.rankAll(titlePlan, keeping: 1_000)
        #expect(titleList.documents == titleAll.total)
        #expect(titleList.documents < list.documents)
        #expect(titleList.ranked.map(\.score) == titleAll.ranked.prefix(titleList.ranked.count).map(\.score))
        #expect(try TermImpacts.list(index.database, token: "quantum", field: .abstract) == nil)
    }

    /// The lists are ranked on two connections at once (``SecondReader``): each one must be
    /// what this connection ranks.
    @Test func everyListIsWhatTheCallersConnectionRanks() throws {
        let directory = try TemporaryDirectory()
        let (index, _) = try rankedFixture(directory)
        let surfaces = try CommonTerms.sampledTokens(index.database, tokenizer: try index.queryWords().stemmer).surfaces
        let rows = try index.database.prepare("SELECT term, field FROM term_impacts ORDER BY term, field")
        var checked = 0
        while try rows.step() {
            let token = rows.text(at: 0), field = TextField(rawValue: rows.text(at: 1))
            let stored = try #require(try TermImpacts.list(index.database, token: token, field: field))
            let ranked = try #require(try index.rankedList(token, field: field, surfaces: surfaces, keeping: TermImpacts.kept))
            #expect(stored.documents == ranked.documents, "\(token)")
            #expect(stored.ranked.map(\.rowid) == ranked.ranked.map(\.rowid), "\(token)")
            #expect(stored.ranked.map(\.score) == ranked.ranked.map(\.score), "\(token)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func aLaterWriteLeavesTheListsUnused() throws {
        let directory = try TemporaryDirectory()
        let (index, before) = try rankedFixture(directory)
        try index.database.execute("UPDATE term_impacts SET documents = 9999")
        #expect(try page(index, "theory").total == 9999)
        // One changed paper (under 1% of the index: no recount, so the lists stay stored) that
        // now holds "theory" many times: it must rank first, and the total grow by one.
        let line = try String(contentsOfFile: Fixture.path("arxiv-metadata-200.jsonl"), encoding: .utf8)
            .split(separator: "\n").first { $0.contains("\"0704.0001\"") }!
        var record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let wasMatching = try page(index, "theory", limit: 200).ids.contains("0704.0001")
        record["title"] = "Theory of theory"
        record["abstract"] = "A theory of theory: theory and theory."
        let file = directory.path("update.jsonl")
        try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: file))
        let summary = try index.ingest(files: [file])
        #expect(summary.updated == 1)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_impacts") ?? 0 > 0)
        let after = try page(index, "theory")
        #expect(after.ids.first == "0704.0001")
        #expect(after.total == before["theory"]![0].total + (wasMatching ? 0 : 1))
    }

    @Test func aFirstLoadRanksTheListsAndASmallIngestDoesNot() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // 200 papers hold no word in 2,048 of them: the basis alone says the ranking ran.
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_impacts_basis") == 1)
        #expect(try TermImpacts.areCurrent(index.database))
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try !TermImpacts.areCurrent(index.database))
    }

    @Test func optimizeRanksTheListsAgainAfterASmallIngest() throws {
        let directory = try TemporaryDirectory()
        let (index, _) = try rankedFixture(directory)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try !TermImpacts.areCurrent(index.database))
        let expected = try Self.words.map { try page(index, $0) }
        let summary = try index.optimize(minimumDocuments: 2, maximumShare: 1.0)
        #expect(summary.rankedLists > 100)
        #expect(summary.commonTerms > 0)
        #expect(try TermImpacts.areCurrent(index.database))
        try index.database.execute("UPDATE term_impacts SET documents = 7777 WHERE term = 'theori' AND field = ''")
        #expect(try page(index, "theory").total == 7777)
        try index.database.execute("DELETE FROM term_impacts")
        #expect(try Self.words.map { try page(index, $0) } == expected)
    }
}
