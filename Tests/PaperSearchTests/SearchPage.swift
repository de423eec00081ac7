@testable import PaperSearch

/// What a search returns that a faster path could change: compared against the same search
/// ranked in SQL.
struct SearchPage: Equatable {
    var ids: [String]
    var scores: [Double]
    var total: Int
    var snippets: [String]

    /// A plain search for `query` (no fallback to any word), one page of it.
    static func request(_ query: String, limit: Int = 10, offset: Int = 0, mode: SearchRequest.Mode = .all) -> SearchRequest {
        var request = SearchRequest(query: query)
        request.mode = mode
        request.limit = limit
        request.offset = offset
        request.fallbackToAny = false
        return request
    }

    /// The page `index` returns for ``request(_:limit:offset:)``.
    init(_ index: PaperIndex, _ query: String, limit: Int = 10, offset: Int = 0, mode: SearchRequest.Mode = .all) throws {
        let results = try index.search(Self.request(query, limit: limit, offset: offset, mode: mode))
        ids = results.hits.map(\.paper.id)
        scores = results.hits.map(\.score)
        total = results.total
        snippets = results.hits.map(\.snippet.text)
    }
}
