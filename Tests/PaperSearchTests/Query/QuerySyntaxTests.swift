import Foundation
import Testing
@testable import PaperSearch

/// One test per row of the README's syntax table, each against the exact hit set the
/// constructed corpus gives by construction.
@Suite struct QuerySyntaxTests {
    let corpus = ConstructedCorpus()
    let directory: TemporaryDirectory
    let index: PaperIndex

    init() throws {
        directory = try TemporaryDirectory()
        let path = directory.path("corpus.jsonl")
        try corpus.jsonLines.write(toFile: path, atomically: true, encoding: .utf8)
        index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        _ = try index.ingest(files: [path])
    }

    private func hits(_ query: String, mode: SearchRequest.Mode = .all) throws -> Set<String> {
        var request = SearchRequest(query: query)
        request.limit = 10_000
        request.mode = mode
        request.fallbackToAny = false
        let results = try index.search(request)
        #expect(results.total == results.hits.count, "total for \(query)")
        return Set(results.hits.map(\.paper.id))
    }

    private func check(_ query: String, _ predicate: (ConstructedCorpus.Record) -> Bool) throws {
        let expected = corpus.ids(where: predicate)
        #expect(!expected.isEmpty, "\(query) should match something in the corpus")
        #expect(expected.count < corpus.records.count, "\(query) should not match everything")
        #expect(try hits(query) == expected, "query \(query)")
    }

    @Test func andOfWords() throws {
        try check("alpha bravo") { $0.has("alpha") && $0.has("bravo") }
        try check("alpha AND bravo") { $0.has("alpha") && $0.has("bravo") }
    }

    @Test func phrase() throws {
        try check("\"alpha bravo\"") { $0.hasPhrase("alpha", "bravo") }
    }

    @Test func orAndGrouping() throws {
        try check("alpha OR bravo") { $0.has("alpha") || $0.has("bravo") }
        try check("(alpha OR bravo) delta") { ($0.has("alpha") || $0.has("bravo")) && $0.has("delta") }
        try check("alpha OR bravo delta") { $0.has("alpha") || ($0.has("bravo") && $0.has("delta")) }
    }

    @Test func exclusion() throws {
        try check("alpha -bravo") { $0.has("alpha") && !$0.has("bravo") }
        try check("alpha NOT bravo") { $0.has("alpha") && !$0.has("bravo") }
        try check("alpha -\"bravo delta\"") { $0.has("alpha") && !$0.hasPhrase("bravo", "delta") }
        try check("-alpha") { !$0.has("alpha") }
        try check("-alpha cat:cs.LG") { !$0.has("alpha") && $0.categories.contains("cs.LG") }
        try check("alpha -(bravo OR delta)") { $0.has("alpha") && !$0.has("bravo") && !$0.has("delta") }
    }

    @Test func hyphenInsideAWordIsNotNegation() throws {
        try check("smith-jones") { $0.author == "Dan Smith-Jones" }
    }

    @Test func prefix() throws {
        try check("del*") { $0.has("delta") }
        try check("si* tango") { $0.has("sierra") && $0.has("tango") }
    }

    @Test func proximity() throws {
        try check("NEAR(alpha bravo, 1)") { $0.near("alpha", "bravo", 1) }
        try check("alpha NEAR/2 bravo") { $0.near("alpha", "bravo", 2) }
    }

    @Test func fieldRestrictedText() throws {
        try check("title:alpha") { $0.title.contains("alpha") }
        try check("ti:\"alpha bravo\"") { zip($0.title, $0.title.dropFirst()).contains { $0 == "alpha" && $1 == "bravo" } }
        try check("abstract:kilo") { $0.abstract.contains("kilo") }
        try check("abs:kilo title:lima") { $0.abstract.contains("kilo") && $0.title.contains("lima") }
        try check("au:smith") { $0.author.hasSuffix("Smith") || $0.author.contains("Smith-") }
        try check("author:\"carla smith\"") { $0.author == "Carla Smith" }
        try check("TITLE:alpha") { $0.title.contains("alpha") }
    }

    @Test func categories() throws {
        try check("cat:cs.LG") { $0.categories.contains("cs.LG") }
        try check("cat:cs.lg") { $0.categories.contains("cs.LG") }
        try check("cat:cs.*") { $0.categories.contains { $0 == "cs" || $0.hasPrefix("cs.") } }
        try check("cat:hep-th alpha") { $0.categories.contains("hep-th") && $0.has("alpha") }
        try check("cat:cs.AI OR cat:math.PR") { $0.categories.contains("cs.AI") || $0.categories.contains("math.PR") }
    }

    @Test func dates() throws {
        try check("year:2020") { $0.year == 2020 }
        try check("year:2017..2019") { (2017...2019).contains($0.year) }
        try check("year:>=2022") { $0.year >= 2022 }
        try check("year:>2022") { $0.year > 2022 }
        try check("year:<2017") { $0.year < 2017 }
        try check("year:<=2017 alpha") { $0.year <= 2017 && $0.has("alpha") }
        try check("date:2020-03..2020-08") { $0.published >= "2020-03-01" && $0.published < "2020-09-01" }
        try check("date:2020-03") { $0.published.hasPrefix("2020-03") }
    }

    @Test func id() throws {
        let record = corpus.records[17]
        try check("id:\(record.id)") { $0.id == record.id }
        try check("id:arXiv:\(record.id)v2") { $0.id == record.id }
    }

    @Test func anyWords() throws {
        let expected = corpus.ids { $0.has("alpha") || $0.has("bravo") }
        #expect(try hits("the alpha of bravo", mode: .any) == expected)
    }

    @Test func optionsCombineWithAnd() throws {
        var request = SearchRequest(query: "alpha")
        request.limit = 10_000
        request.conditions = try [QueryCondition.category("cs.*").node(), QueryCondition.year("2018..2021").node(),
                                  QueryCondition.title("bravo").node()]
        let got = Set(try index.search(request).hits.map(\.paper.id))
        #expect(got == corpus.ids {
            $0.has("alpha") && $0.categories.contains { $0 == "cs" || $0.hasPrefix("cs.") }
                && (2018...2021).contains($0.year) && $0.title.contains("bravo")
        })
    }

    @Test func sortingAndPaging() throws {
        var request = SearchRequest(query: "alpha")
        request.sort = .newest
        request.limit = 10_000
        let all = try index.search(request).hits.map { $0.paper.published ?? "" }
        #expect(all == all.sorted(by: >))
        request.sort = .oldest
        let oldest = try index.search(request).hits.map { $0.paper.published ?? "" }
        #expect(oldest == oldest.sorted())
        // Pages are disjoint slices of one deterministic order.
        request.sort = .relevance
        let full = try index.search(request).hits.map(\.paper.id)
        request.limit = 7
        request.offset = 7
        #expect(try index.search(request).hits.map(\.paper.id) == Array(full[7..<14]))
    }

    @Test func facetsCountTheWholeMatchSet() throws {
        var request = SearchRequest(query: "alpha")
        request.limit = 1
        request.facets = [.year, .category]
        let results = try index.search(request)
        let matching = corpus.records.filter { $0.has("alpha") }
        for entry in results.facets[.year] ?? [] {
            #expect(entry.count == matching.filter { String($0.year) == entry.value }.count)
        }
        #expect((results.facets[.year] ?? []).map(\.count).reduce(0, +) == matching.count)
        for entry in results.facets[.category] ?? [] {
            #expect(entry.count == matching.filter { $0.categories.contains(entry.value) }.count)
        }
    }

    @Test func exportVisitsEveryMatch() throws {
        var seen: [String] = []
        try index.forEachMatch(SearchRequest(query: "alpha bravo")) { seen.append($0.id) }
        #expect(Set(seen) == corpus.ids { $0.has("alpha") && $0.has("bravo") })
        var everything = 0
        try index.forEachMatch(SearchRequest(query: "")) { _ in everything += 1 }
        #expect(everything == corpus.records.count)
    }
}
