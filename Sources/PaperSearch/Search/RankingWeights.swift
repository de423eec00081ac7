/// BM25 column weights. FTS5's weighted `bm25()` scores a paper as one document whose column
/// term frequencies are scaled by these weights (it does not sum per-field BM25 scores).
public struct RankingWeights: Sendable, Equatable {
    /// Weight of the title column.
    public var title: Double
    /// Weight of the abstract column.
    public var abstract: Double
    /// Weight of the authors column.
    public var authors: Double

    /// Creates weights.
    public init(title: Double, abstract: Double, authors: Double) {
        self.title = title
        self.abstract = abstract
        self.authors = authors
    }

    /// The defaults: a word in the title counts 10×, in the author list 3×, in the abstract 1×.
    public static let standard = RankingWeights(title: 10, abstract: 1, authors: 3)

    /// The SQL ranking expression over the `papers_fts` table. The numbers are ours, never
    /// user text.
    var bm25: String {
        "bm25(papers_fts, \(title), \(abstract), \(authors))"
    }
}
