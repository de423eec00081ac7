import Foundation
import Testing
@testable import PaperSearch

@Suite struct PostingsTests {
    private typealias Page = SearchPage

    /// Words with lists on the 200-paper fixture (in 2 to 60 of the papers), alone and
    /// together, in the author field, with every kind of filter the lists serve; and queries
    /// they must leave to SQL (a word in over 30% of the papers, a phrase, a prefix).
    static let queries = ["quantum state", "field theory", "energy", "quantum cat:quant-ph", "energy cat:hep-*",
                          "state year:2007", "field date:2007-03..2007-04", "model -cat:hep-th", "au:wang",
                          "au:wang quantum", "model au:li", "quantum state field", "energy (cat:hep-ph OR cat:hep-th)",
                          "quantum cat:quant-ph year:2007", "state year:2007 -cat:hep-th", "the quantum", "\"quantum state\"", "quant* field", "model id:0704.0001"]
    /// (limit, offset): first pages, a page further down, one row, a long page and a count only.
    static let pages = [(10, 0), (1, 0), (5, 7), (40, 0), (0, 0)]

    private func pages(_ index: PaperIndex, _ query: String) throws -> [Page] {
        try Self.pages.map { try Page(index, query, limit: $0.0, offset: $0.1) }
    }

    /// The fixture is far below the real thresholds: lists for words in 2 papers or more.
    private func optimize(_ index: PaperIndex, maximumShare: Double = 0.3) throws {
        _ = try index.optimize(minimumDocuments: 2, maximumShare: maximumShare, commonKept: { _ in 12 }, postings: { _ in 2 },
                               fewestPairs: 2)
    }

    /// Whether the lists answer `query`'s page, as a search's snapshot would run it.
    private func answered(_ index: PaperIndex, _ query: String, limit: Int = 10, offset: Int = 0) throws -> Bool {
        try index.facetColumns.startSearch()
        index.filtersFromColumns = index.facetColumns.usable
        defer { index.filtersFromColumns = false }
        let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
        return try index.postingsRanked(plan, request: Page.request(query, limit: limit, offset: offset)) != nil
    }

    @Test func searchesOfWordsWithListsReturnWhatRankingEveryMatchReturns() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        var before: [String: [Page]] = [:]
        for query in Self.queries { before[query] = try pages(index, query) }
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_postings") == 0)
        try optimize(index)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_postings WHERE field = ''") ?? 0 > 100)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_postings WHERE field = 'authors'") ?? 0 > 0)
        for query in Self.queries {
            #expect(try pages(index, query) == before[query], "\(query)")
        }
        // Totals, ids, scores and snippets equal, and the lists gave them.
        for query in Self.queries.prefix(15) {
            #expect(try answered(index, query), "\(query)")
            #expect(try answered(index, query, limit: 0), "\(query)")
            #expect(before[query]![4].total > 0, "\(query)")
        }
        for query in Self.queries.suffix(4) {
            #expect(try !answered(index, query), "\(query)")
        }
    }

    /// Two-word phrases of a common word and a listed one (``WordPairs``), alone, with a word,
    /// an author, a category, a year or another such phrase, come from the lists with what
    /// ranking every match gives; a phrase in the title, or of three words, is left to SQL.
    @Test func phrasesWithListsReturnWhatRankingEveryMatchReturns() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        let stemmer = try index.queryWords().stemmer
        // The phrases in most papers, each searched for as its tokens, and the word with the
        // longest list.
        var phrases: [String] = []
        let pairs = try index.database.prepare("SELECT term FROM term_postings WHERE term LIKE '% %' ORDER BY papers DESC, term")
        while try pairs.step(), phrases.count < 6 {
            let term = pairs.text(at: 0)
            if stemmer.queryTokens(term, prefix: false) == term.split(separator: " ").map(String.init) {
                phrases.append("\"\(term)\"")
            }
        }
        #expect(phrases.count == 6)
        let word = try #require(try index.database.scalarText(
            "SELECT term FROM term_postings WHERE field = '' AND term NOT LIKE '% %' ORDER BY papers DESC, term"))
        let queries = phrases + ["\(phrases[0]) \(word)", "\(phrases[1]) cat:quant-ph", "\(phrases[2]) year:2007",
                                 "au:wang \(phrases[3])", "\(phrases[4]) \(phrases[5])"]
        var fromLists: [String: [Page]] = [:]
        for query in queries {
            #expect(try answered(index, query), "\(query)")
            #expect(try answered(index, query, limit: 0), "\(query)")
            fromLists[query] = try pages(index, query)
        }
        for query in ["title:\(phrases[0])", "\"quantum field theory\""] {
            #expect(try !answered(index, query), "\(query)")
        }
        // With the lists set aside, SQL ranks every match.
        try index.database.execute("UPDATE term_impacts_basis SET structure = x'00'")
        for query in queries {
            #expect(try !answered(index, query), "\(query)")
            let pages = try pages(index, query)
            #expect(pages == fromLists[query], "\(query)")
            #expect(pages[4].total > 0, "\(query)")
        }
    }

    /// Ties: on the constructed corpus, twelve words each in about half of 240 records with
    /// titles of three words, many papers score the same, and the page orders them newest
    /// first, then by id, as SQL does.
    @Test func tiedScoresAreOrderedAsSQLOrdersThem() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("corpus.jsonl")
        try ConstructedCorpus().jsonLines.write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("papers.db"), access: .readWrite)
        _ = try index.ingest(files: [path])
        let queries = ["alpha bravo", "au:smith alpha", "golf cat:cs.*", "hotel year:2018..2020", "kilo -cat:cs.LG",
                       "lima date:2019-02..2019-07", "oscar romeo sierra", "tango (cat:hep-th OR cat:math.PR)"]
        var before: [String: [Page]] = [:]
        for query in queries { before[query] = try pages(index, query) }
        try optimize(index, maximumShare: 1.0)
        for query in queries {
            #expect(try pages(index, query) == before[query], "\(query)")
            #expect(try answered(index, query), "\(query)")
        }
        let page = try #require(before["alpha bravo"]?[3])
        #expect(Set(page.scores).count < page.scores.count)
    }

    @Test func aChangedListChangesThePage() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        let before = try Page(index, "quantum state")
        // The list of `quantum` without the first paper of the page: the search no longer
        // finds it.
        let stored = try #require(try StoredPostings.load(index.database, token: "quantum", field: nil)?.decoded())
        let first = try #require(try index.database.scalarInt("SELECT rowid FROM papers WHERE id = '\(before.ids[0])'"))
        let kept = stored.rowids.indices.filter { stored.rowids[$0] != first }
        let update = try index.database.prepare(
            "UPDATE term_postings SET postings = ?1, papers = ?2 WHERE term = 'quantum' AND field = ''")
        try update.bind([.blob(TermPostings(rowids: kept.map { stored.rowids[$0] }, frequencies: kept.map { stored.frequencies[$0] }).bytes),
                         SQLValue(kept.count)])
        _ = try update.step()
        let after = try Page(index, "quantum state")
        #expect(after.total == before.total - 1)
        #expect(!after.ids.contains(before.ids[0]))
    }

    @Test func aChangedCategorySetChangesTheTotal() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        #expect(try Page(index, "quantum cat:quant-ph", limit: 0).total > 0)
        // (Written on the index's own connection, which then drops what it read, as an ingest does.)
        try index.database.execute("UPDATE category_members SET members = zeroblob(8)")
        index.facetMembers.reset()
        #expect(try Page(index, "quantum cat:quant-ph", limit: 0).total == 0)
        try index.database.execute("UPDATE year_members SET members = zeroblob(8)")
        index.facetMembers.reset()
        #expect(try Page(index, "state year:2007", limit: 0).total == 0)
        // A range that is not whole years reads each paper's date instead.
        #expect(try Page(index, "field date:2007-03..2007-04", limit: 0).total > 0)
    }

    @Test func aLaterWriteLeavesTheListsUnused() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        #expect(try answered(index, "quantum state"))
        try index.database.execute("UPDATE term_postings SET postings = x'', papers = 0")
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try !answered(index, "quantum state"))
        #expect(try Page(index, "quantum state", limit: 0).total > 0)
        // A first load's own ranking drops them; only optimize builds them.
        try optimize(index)
        #expect(try answered(index, "quantum state"))
        try index.rankTermImpacts(minimumDocuments: 2, maximumShare: 0.3)
        #expect(try index.database.scalarInt("SELECT count(*) FROM term_postings") == 0)
        #expect(try index.database.scalarInt("SELECT count(*) FROM category_members") == 0)
    }
}
