import Testing
@testable import PaperSearch

/// A ranked search counts its matches while it scores them; every other order counts them with
/// a separate pass. Both must give the same total.
@Suite struct MatchCountTests {
    static let queries = [
        "the", "quantum", "\"neural network\"", "quant*", "ti:quantum", "au:smith", "the -quantum",
        "quantum OR neural", "the cat:cs.*", "the year:2007..2015", "the -cat:math.*", "qu* -ti:state",
        "neural network learning", "zzzunmatched", "quantum zzzunmatched",
    ]

    private func totals(_ index: PaperIndex, _ query: String, configure: (inout SearchRequest) -> Void = { _ in })
        throws -> (ranked: Int, counted: Int, mode: SearchRequest.Mode) {
        var request = SearchRequest(query: query)
        configure(&request)
        let ranked = try index.search(request)
        request.sort = .newest
        let counted = try index.search(request)
        #expect(ranked.mode == counted.mode)
        return (ranked.total, counted.total, ranked.mode)
    }

    @Test(arguments: queries)
    func theRankedTotalIsTheCountedOne(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let page = try totals(index, query)
        #expect(page.ranked == page.counted, "\(query)")
        let deep = try totals(index, query) { $0.offset = 150; $0.limit = 3 }
        #expect(deep.ranked == page.ranked)
        let empty = try totals(index, query) { $0.limit = 0 }
        #expect(empty.ranked == page.ranked)
        let fielded = try totals(index, query) { $0.weights = .fielded }
        #expect(fielded.ranked == page.ranked)
    }

    @Test func theCountIsTheNumberOfMatchesNotOfRowsRead() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let all = try totals(index, "the").ranked
        let filtered = try totals(index, "the cat:cs.*").ranked
        #expect(all > filtered && filtered > 0)
        // No word matches all, so the search falls back to any word: the total is that search's.
        let fallback = try totals(index, "quantum zzzunmatched")
        #expect(fallback.mode == .any)
        #expect(fallback.ranked == (try totals(index, "quantum").ranked))
    }
}
