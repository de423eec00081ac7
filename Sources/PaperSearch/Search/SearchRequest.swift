/// What to search for and how to present it.
public struct SearchRequest: Sendable {
    /// How the words of a query combine.
    public enum Mode: String, Sendable, Codable {
        /// Every word must match (the default).
        case all
        /// Any word may match; stop words are dropped. For pasted sentences and abstracts.
        case any
    }

    /// Result order.
    public enum Sort: String, Sendable, CaseIterable {
        /// Best BM25 score first, then newest, then id.
        case relevance
        /// Newest publication date first, then id.
        case newest
        /// Oldest publication date first, then id.
        case oldest
    }

    /// Facets counted over the whole match set.
    public enum Facet: String, Sendable, CaseIterable, Codable {
        case year, category
    }

    /// The query text in the query language (see ``ParsedQuery``).
    public var query: String
    /// More conditions ANDed with the query, e.g. from `--category` options.
    public var conditions: [QueryNode] = []
    /// All words (default) or any word.
    public var mode: Mode = .all
    /// Result order.
    public var sort: Sort = .relevance
    /// Results per page.
    public var limit = 10
    /// Results to skip.
    public var offset = 0
    /// Facets to count.
    public var facets: Set<Facet> = []
    /// Pass `query` to FTS5 unchanged (for experts; invalid syntax is a ``QueryError``).
    public var raw = false
    /// When an all-words search finds nothing, return the any-word results instead.
    public var fallbackToAny = true
    /// Compute snippets and highlights (skip for exports).
    public var snippets = true
    /// BM25 column weights.
    public var weights = RankingWeights.standard
    /// How `.any` queries are formed (phrases, feedback).
    public var anyOptions = AnyModeOptions.standard

    /// A request for `query` with default settings.
    public init(query: String) {
        self.query = query
    }
}

extension SearchRequest {
    /// The ranking a search in `mode` uses: any-word searches may rank differently
    /// (``AnyModeOptions/weights``).
    func weights(in mode: Mode) -> RankingWeights {
        mode == .any ? anyOptions.weights ?? weights : weights
    }
}
