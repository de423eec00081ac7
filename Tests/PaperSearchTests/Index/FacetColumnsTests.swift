import Foundation
import Testing
@testable import PaperSearch

@Suite struct FacetColumnsTests {
    /// Every paper's date (YYYYMMDD, 0 for none) and category ids from the tables, and as the
    /// columns hold them.
    private func columns(_ index: PaperIndex) throws -> (tables: [Int: [UInt32]], stored: [Int: [UInt32]]) {
        var tables: [Int: [UInt32]] = [:]
        let rows = try index.database.prepare("SELECT rowid, published FROM papers")
        while try rows.step() {
            tables[rows.int(at: 0)] = [rows.isNull(at: 1) ? 0 : try #require(FacetColumns.dayNumber(rows.text(at: 1)))]
        }
        let categories = try index.database.prepare("""
            SELECT c.paper, n.id FROM paper_categories c JOIN category_names n ON n.name = c.category ORDER BY c.paper, n.id
            """)
        while try categories.step() { tables[categories.int(at: 0)]!.append(UInt32(categories.int(at: 1))) }
        var stored: [Int: [UInt32]] = [:]
        try index.database.execute("BEGIN")
        defer { try? index.database.execute("COMMIT") }
        try index.facetColumns.startSearch()
        for rowid in tables.keys {
            var values = [try #require(index.facetColumns.date(of: Int64(rowid)))]
            var ids: [UInt32] = []
            index.facetColumns.forEachCategory(of: Int64(rowid)) { ids.append($0) }
            values += ids.sorted()
            stored[rowid] = values
        }
        return (tables, stored)
    }

    /// What a search returns that the columns could change: ids in order, total, facets.
    private struct Outcome: Equatable {
        var ids: [String]
        var total: Int
        var facets: [SearchRequest.Facet: [FacetCount]]
    }

    private func outcome(_ index: PaperIndex, _ query: String) throws -> Outcome {
        var request = SearchRequest(query: query)
        request.limit = 100
        request.facets = [.year, .category]
        request.fallbackToAny = false
        let results = try index.search(request)
        return Outcome(ids: results.hits.map(\.paper.id), total: results.total, facets: results.facets)
    }

    static let queries = [
        "the", "quantum cat:quant-ph", "the cat:cs.*", "the -cat:math.*", "the cat:QUANT-PH",
        "the year:2007", "the year:2020..2023", "the -year:2007", "network year:2000..2030 cat:cs.*",
        "the (cat:cs.LG OR cat:hep-th)", "the year:>=2020",
    ]

    @Test func anIngestStoresEveryPapersDateAndCategories() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", "papers.jsonl", in: directory)
        let (tables, stored) = try columns(index)
        #expect(tables.count > 200)
        #expect(stored == tables)
    }

    @Test(arguments: queries)
    func filtersAndFacetsAreTheSQLOnes(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", "papers.jsonl", in: directory)
        let fromColumns = try outcome(index, query)
        #expect(fromColumns.total > 0, "\(query)")
        // Without every chunk stored the columns are not used, and SQL answers.
        try index.database.execute("DELETE FROM facet_columns")
        let fromSQL = try outcome(index, query)
        #expect(fromColumns == fromSQL, "\(query)")
    }

    @Test func searchesReadTheColumnsWhenTheyAreComplete() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let truth = try outcome(index, "the cat:quant-ph")
        // A category taken from every paper in the columns alone: the filter reads them.
        let empty = try index.database.prepare("UPDATE facet_columns SET counts = zeroblob(length(counts))")
        try empty.step()
        index.facetColumns.reset()
        #expect(try outcome(index, "the cat:quant-ph").total == 0)
        #expect(truth.total > 0)
    }

    @Test func updatesMoveDatesAndCategoriesAndAReaderSeesThem() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        let reader = try PaperIndex(path: index.path, access: .readOnly)
        #expect(try outcome(reader, "noisy cat:astro-ph.GA").total == 0)
        let moved = directory.path("moved.jsonl")
        try #"{"id":"2301.01234","title":"Graph neural networks for noisy links","authors":"Ana Diaz","abstract":"Noisy links.","categories":"astro-ph.GA","versions":[{"version":"v9","created":"Mon, 1 Jan 1990 00:00:00 GMT"}]}"#
            .write(toFile: moved, atomically: true, encoding: .utf8)
        #expect(try index.ingest(files: [moved]).updated == 1)
        let (tables, stored) = try columns(index)
        #expect(stored == tables)
        // Another connection's commit: the reader's search sees the new category and date.
        let after = try outcome(reader, "noisy cat:astro-ph.GA")
        #expect(after.ids == ["2301.01234"])
        #expect(after.facets[.category] == [FacetCount(value: "astro-ph.GA", count: 1)])
        #expect(try outcome(reader, "noisy year:1990").ids == ["2301.01234"])
    }

    @Test func aChunkThatCannotHoldItsPapersLeavesSearchesToSQL() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        let truth = try outcome(index, "the year:2020..2030")
        // A paper written through the library with a date that is not YYYY-MM-DD.
        let writer = try FacetColumnsWriter(database: index.database)
        try writer.wrote(rowid: 1, published: "2023", categories: ["cs.LG"])
        try writer.save()
        #expect(try index.database.scalarInt("SELECT count(*) FROM facet_columns") == 0)
        try index.database.execute("BEGIN")
        try index.facetColumns.startSearch()
        #expect(!index.facetColumns.usable)
        try index.database.execute("COMMIT")
        #expect(try outcome(index, "the year:2020..2030") == truth)
    }

    @Test func chunksCrossRowidBoundariesAndAnIngestFillsMissingOnes() throws {
        let directory = try TemporaryDirectory()
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        try index.database.execute("""
            INSERT INTO papers (rowid, id, title, abstract, authors, categories, published, source, content_hash)
            VALUES (4094, 'x/1', 'A placed paper', 'Placed near a chunk boundary.', 'P. Laced', 'cs.DB', '2001-02-03', 'test', 0);
            INSERT INTO paper_categories (category, paper, position) VALUES ('cs.DB', 4094, 0);
            INSERT INTO papers_fts (rowid, title, abstract, authors) SELECT rowid, title, abstract, authors FROM papers;
            """)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        var (tables, stored) = try columns(index)
        #expect(tables.keys.min() == 4094 && tables.keys.max()! >= 4096)
        #expect(stored == tables)
        #expect(try index.database.scalarText("SELECT group_concat(chunk) FROM facet_columns") == "0,1")
        #expect(try outcome(index, "placed cat:cs.DB year:2001").ids == ["x/1"])

        // As an index upgraded from schema 5 has it: no columns. Searches use SQL; the next
        // ingest stores them all.
        try index.database.execute("DELETE FROM facet_columns")
        #expect(try outcome(index, "placed cat:cs.DB year:2001").ids == ["x/1"])
        _ = try index.ingest(files: [Fixture.path("arxiv-metadata-200.jsonl")])
        (tables, stored) = try columns(index)
        #expect(stored == tables)
        #expect(try index.isConsistent())
    }
}

extension FacetColumnsTests {
    @Test func aSearchInsideAnIngestsTransactionSeesItsWrites() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let before = try index.search(SearchRequest(query: "noisy")).total
        let beforeFiltered = try index.search(SearchRequest(query: "noisy cat:cs.LG")).total
        var totals: [Int] = []
        var filtered: [Int] = []
        var options = IngestOptions()
        options.batchSize = 2
        // Progress is reported between batches and after each delivery, some of it inside
        // the ingest's open transaction: a search there must neither fail nor end it.
        let summary = try index.ingest(files: [Fixture.path("papers.jsonl")], options: options, onProgress: { _ in
            totals.append((try? index.search(SearchRequest(query: "noisy"))).map(\.total) ?? -1)
            // Read through the facet columns, which this connection rewrites batch by batch.
            filtered.append((try? index.search(SearchRequest(query: "noisy cat:cs.LG"))).map(\.total) ?? -1)
        })
        #expect(summary.added == 5)
        #expect(!totals.isEmpty && !totals.contains(-1))
        #expect(try index.search(SearchRequest(query: "noisy")).total == before + 1)
        #expect(totals.contains(before + 1))
        #expect(filtered.contains(beforeFiltered + 1))
        #expect(try index.isConsistent())
    }
}
