import Foundation
import Testing
@testable import PaperSearch

@Suite struct SearchTests {
    @Test func wordsAreAndedAndStemmed() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", "listing-maximum-value.txt", in: directory)
        // "network" finds "networks" (porter stemming); AND requires both words.
        #expect(try index.ids("graph network").sorted() == ["2209.00003", "2301.01234"])
        #expect(try index.ids("graph network noisy") == ["2301.01234"])
        #expect(try index.ids("surface codes") == ["2104.00001"])
    }

    @Test func phraseRequiresAdjacency() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", "listing-maximum-value.txt", in: directory)
        let noisyLinks = try index.ids("\"noisy links\"")
        #expect(noisyLinks.contains("2301.01234"))
        #expect(noisyLinks.contains(PaperID.derived(fromTitle: "Distributed Maximum Consensus over Noisy Links")))
        #expect(try index.ids("\"links noisy\"").isEmpty)
    }

    @Test(arguments: ["COVID-19", "multi-agent", "state-of-the-art", "O(n log n)", "\"unterminated",
                      "c++", "graph AND", "OR", "NEAR", "a:b", "\"", "(((", "title:", "-", "*", "NOT graph"])
    func punctuationNeverRaisesSQLiteErrors(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        do {
            _ = try index.search(SearchRequest(query: query))
        } catch let error as QueryError {
            #expect(!error.description.isEmpty)
        }
    }

    @Test func punctuatedTermsFindTheirPaper() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        for query in ["COVID-19", "multi-agent", "state-of-the-art", "O(n log n)"] {
            #expect(try index.ids(query) == ["2005.00042"], "query \(query)")
        }
    }

    @Test func unterminatedQuoteIsRepairedAndReported() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        let results = try index.search(SearchRequest(query: "\"surface codes"))
        #expect(results.hits.map(\.paper.id) == ["2104.00001"])
        #expect(results.notes == ["closed the quote opened at position 1"])
        #expect(results.interpreted == "\"surface codes\"")
    }

    @Test func nothingSearchableIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        #expect(throws: QueryError.empty("- * \"\"")) { try index.search(SearchRequest(query: "- * \"\"")) }
    }

    @Test func titleOutranksAuthorsOutranksAbstract() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("rank.jsonl")
        var lines: [String] = []
        func record(_ id: String, title: String, abstract: String, author: String) -> String {
            #"{"id":"\#(id)","title":"\#(title)","abstract":"\#(abstract)","authors_parsed":[["\#(author)","A.",""]],"versions":[{"version":"v1","created":"Mon, 2 Jan 2023 00:00:00 GMT"}]}"#
        }
        for i in 0..<40 {
            lines.append(record(String(format: "2301.%05d", i + 100), title: "Filler study \(i)",
                                abstract: "Common words about methods and results number \(i).", author: "Filler"))
        }
        lines.append(record("2301.00001", title: "Methods", abstract: "We study zebrafish today.", author: "Smith"))
        lines.append(record("2301.00002", title: "Zebrafish fins", abstract: "We study methods.", author: "Smith"))
        lines.append(record("2301.00003", title: "Methods again", abstract: "We study fins.", author: "Zebrafish"))
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        _ = try index.ingest(files: [path])
        #expect(try index.ids("zebrafish") == ["2301.00002", "2301.00003", "2301.00001"])
    }

    @Test func tiesBreakByNewestThenID() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ties.jsonl")
        let records = [("2001.00002", "2020"), ("2001.00001", "2020"), ("2001.00003", "2021")].map { id, year in
            #"{"id":"\#(id)","title":"Same title","abstract":"Same words.","versions":[{"version":"v1","created":"Mon, 6 Jan \#(year) 00:00:00 GMT"}]}"#
        }
        let filler = (0..<10).map { #"{"id":"1901.0000\#($0)","title":"Other","abstract":"Else."}"# }
        try (records + filler).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        _ = try index.ingest(files: [path])
        #expect(try index.ids("same title") == ["2001.00003", "2001.00001", "2001.00002"])
        // Pages cut through the tie: the page boundary must not pick tied rows arbitrarily.
        #expect(try index.ids("same title", limit: 1) == ["2001.00003"])
        #expect(try index.ids("same title", limit: 1) { $0.offset = 1 } == ["2001.00001"])
        #expect(try index.ids("same title", limit: 2) { $0.offset = 1 } == ["2001.00001", "2001.00002"])
    }

    @Test func totalCountsEveryMatchAndSnippetsHighlight() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("listing-maximum-value.txt", in: directory)
        var request = SearchRequest(query: "reinforcement")
        request.limit = 2
        let results = try index.search(request)
        #expect(results.hits.count == 2)
        #expect(results.total > 10)
        let hit = try #require(results.hits.first)
        #expect(hit.snippet.marked(open: "[", close: "]").lowercased().contains("[reinforcement]"))
        #expect(!hit.abstractHighlights.isEmpty)
        for range in hit.abstractHighlights {
            let scalars = Array(hit.paper.abstract.unicodeScalars)[range]
            #expect(String(String.UnicodeScalarView(scalars)).lowercased().hasPrefix("reinforcement"))
        }
    }

    @Test func noMatchIsAnEmptyResult() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        var request = SearchRequest(query: "xylophone")
        request.fallbackToAny = false
        let results = try index.search(request)
        #expect(results.total == 0 && results.hits.isEmpty)
    }

    @Test func jsonShape() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        let results = try index.search(SearchRequest(query: "noisy"))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(results)) as? [String: Any])
        #expect(object["query"] as? String == "noisy")
        #expect(object["total"] as? Int == 1)
        let first = try #require((object["results"] as? [[String: Any]])?.first)
        for key in ["id", "title", "authors", "categories", "published", "updated", "doi", "abstract", "score", "snippet", "highlights"] {
            #expect(first.keys.contains(key), "missing \(key)")
        }
        #expect(first["authors"] as? [String] == ["Ana Díaz", "Bo Chen"])
        #expect(first["categories"] as? [String] == ["cs.LG", "stat.ML"])
        #expect((first["score"] as? Double ?? 0) > 0)
        #expect(first["journal_ref"] is NSNull)
    }

    @Test func showFindsEveryIDForm() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        for form in ["2301.01234", "2301.01234v2", "arXiv:2301.01234", "https://arxiv.org/abs/2301.01234",
                     "10.1000/XYZ.123", "https://doi.org/10.1000/xyz.123"] {
            #expect(try index.paper(id: form)?.id == "2301.01234", "form \(form)")
        }
        #expect(try index.paper(id: "hep-th/9901001v1")?.title == "Strings on a circle")
        #expect(try index.paper(id: "9999.99999") == nil)
    }
}
