/// How matches are scored: BM25 column weights and, for the fielded formula, its parameters.
public struct RankingWeights: Sendable, Equatable {
    /// Weight of the title column.
    public var title: Double
    /// Weight of the abstract column.
    public var abstract: Double
    /// Weight of the authors column.
    public var authors: Double
    /// The scoring formula.
    public var formula: Formula

    /// A BM25 formula.
    public enum Formula: Sendable, Equatable {
        /// FTS5's built-in `bm25()`: k1 1.2, b 0.75, each row's length taken as a whole; the
        /// weights scale the column term frequencies.
        case fts5
        /// BM25F: each column's term frequency normalized by its own average length (`b`),
        /// weighted, summed, then saturated (`k1`).
        case fielded(k1: Double, b: Double)
    }

    /// Creates weights.
    public init(title: Double, abstract: Double, authors: Double, formula: Formula = .fts5) {
        self.title = title
        self.abstract = abstract
        self.authors = authors
        self.formula = formula
    }

    /// The defaults: a word in the title counts 10×, in the author list 3×, in the abstract 1×.
    public static let standard = RankingWeights(title: 10, abstract: 1, authors: 3)

    /// What `--any` ranks by: BM25F with k1 1.2, b 0.5, a word in the title 8×, in the author
    /// list 3×. It scored best across both evaluation collections (README, "Ranking quality").
    public static let fielded = RankingWeights(title: 8, abstract: 1, authors: 3, formula: .fielded(k1: 1.2, b: 0.5))

    /// The SQL ranking expression over the `papers_fts` table. The numbers are ours, never
    /// user text.
    var bm25: String {
        switch formula {
        case .fts5:
            "bm25(papers_fts, \(title), \(abstract), \(authors))"
        case let .fielded(k1, b):
            "\(FieldedBM25.name)(papers_fts, \(k1), \(b), \(title), \(abstract), \(authors))"
        }
    }
}
