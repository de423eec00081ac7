import Foundation
import Testing
@testable import PaperSearch

@Suite struct FieldedBM25Tests {
    private func index(_ records: [String], in directory: TemporaryDirectory) throws -> PaperIndex {
        let path = directory.path("papers.jsonl")
        try records.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        _ = try index.ingest(files: [path])
        return index
    }

    private func record(_ id: String, _ title: String, _ abstract: String, year: Int = 2020) -> String {
        #"{"id":"\#(id)","title":"\#(title)","abstract":"\#(abstract)","versions":[{"version":"v1","created":"Mon, 6 Jan \#(year) 00:00:00 GMT"}]}"#
    }

    @Test func scoresMatchTheFormulaWorkedByHand() throws {
        let directory = try TemporaryDirectory()
        let index = try index([
            record("2001.00001", "graph theory", "we study graph coloring"),
            record("2001.00002", "coloring maps", "a graph and another graph here"),
            record("2001.00003", "unrelated words", "nothing to see"),
        ], in: directory)
        let (k1, b, titleWeight) = (1.2, 0.75, 2.0)
        var request = SearchRequest(query: "graph")
        request.weights = RankingWeights(title: titleWeight, abstract: 1, authors: 1, formula: .fielded(k1: k1, b: b))
        let hits = try index.search(request).hits

        // N = 3 papers, 2 contain "graph"; titles average 2 words, abstracts 13/3.
        let idf = log(1 + (3 - 2 + 0.5) / (2 + 0.5))
        func norm(_ length: Double, _ average: Double) -> Double { 1 - b + b * length / average }
        let tfFirst = titleWeight * 1 / norm(2, 2) + 1 / norm(4, 13.0 / 3)
        let tfSecond = 2 / norm(6, 13.0 / 3)
        let expected = [("2001.00001", idf * tfFirst / (k1 + tfFirst)), ("2001.00002", idf * tfSecond / (k1 + tfSecond))]
        #expect(hits.map(\.paper.id) == expected.map(\.0))
        for (hit, (_, score)) in zip(hits, expected) {
            #expect(abs(hit.score - score) < 1e-9, "\(hit.paper.id): \(hit.score) vs \(score)")
        }
    }

    @Test func aShortTitleOutranksALongOneWithTheSameWord() throws {
        let directory = try TemporaryDirectory()
        let index = try index([
            record("2001.00001", "a long title about many things including lattices and more", "same abstract words"),
            record("2001.00002", "lattices", "same abstract words"),
        ], in: directory)
        var request = SearchRequest(query: "lattices")
        request.weights = .fielded
        #expect(try index.search(request).hits.map(\.paper.id) == ["2001.00002", "2001.00001"])
    }

    @Test func anyModeRanksWithTheFieldedDefault() throws {
        let directory = try TemporaryDirectory()
        let index = try index([
            record("2001.00001", "graph theory", "we study graph coloring"),
            record("2001.00002", "coloring maps", "a graph and another graph here"),
        ], in: directory)
        var request = SearchRequest(query: "graph coloring")
        request.mode = .any
        let viaDefault = try index.search(request).hits.map(\.score)
        request.anyOptions = .plain
        request.weights = .fielded
        #expect(try index.search(request).hits.map(\.score) == viaDefault)
        request.weights = .standard
        #expect(try index.search(request).hits.map(\.score) != viaDefault)
    }

    @Test func pagesCutThroughLongTiesInNewestThenIDOrder() throws {
        let directory = try TemporaryDirectory()
        // 40 papers with the same title and abstract: every score ties.
        let tied = (0..<40).map { n in
            record(String(format: "2001.%05d", n), "tied title", "identical words", year: 2000 + n % 7)
        }
        let index = try index(tied + [record("2101.00001", "other", "else")], in: directory)
        let papers: [(id: String, year: Int)] = (0..<40).map { n in (String(format: "2001.%05d", n), 2000 + n % 7) }
        let expected: [String] = papers.sorted { a, b in a.year != b.year ? a.year > b.year : a.id < b.id }.map(\.id)
        for weights in [RankingWeights.standard, .fielded] {
            let page = try index.ids("tied title", limit: 5) { $0.offset = 20; $0.weights = weights }
            #expect(page == Array(expected[20..<25]))
            #expect(try index.ids("tied title", limit: 40) { $0.weights = weights } == expected)
        }
    }
}
