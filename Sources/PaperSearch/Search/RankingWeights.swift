/// BM25 column weights: a word in the title counts 10×, in the author list 3×, in the
/// abstract 1×. FTS5's weighted `bm25()` scores a paper as one document whose column term
/// frequencies are scaled by these weights (it does not sum per-field BM25 scores).
public enum RankingWeights {
    /// Weight of the title column.
    public static let title = 10.0
    /// Weight of the abstract column.
    public static let abstract = 1.0
    /// Weight of the authors column.
    public static let authors = 3.0

    /// The SQL ranking expression over the `papers_fts` table.
    static let bm25 = "bm25(papers_fts, \(title), \(abstract), \(authors))"
}
