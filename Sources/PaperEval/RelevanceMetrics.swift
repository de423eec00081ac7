import Foundation

/// Retrieval metrics as trec_eval computes them: nDCG@k with linear gain and log2 discount,
/// Recall@k, and reciprocal rank of the first relevant result within k.
public enum RelevanceMetrics {
    /// nDCG@k: DCG = Σ gain(i) / log2(i + 1) over ranks i = 1...k, divided by the DCG of the
    /// ideal ordering of all judged documents.
    ///
    /// - Parameters:
    ///   - ranking: document ids, best first.
    ///   - judgements: graded relevance per document id; missing or 0 is not relevant.
    public static func ndcg(_ ranking: [String], _ judgements: [String: Int], at k: Int = 10) -> Double {
        func dcg(_ gains: [Int]) -> Double {
            gains.prefix(k).enumerated().reduce(0) { total, entry in
                total + Double(entry.element) / log2(Double(entry.offset + 2))
            }
        }
        let ideal = dcg(judgements.values.filter { $0 > 0 }.sorted(by: >))
        guard ideal > 0 else { return 0 }
        return dcg(ranking.map { max(0, judgements[$0] ?? 0) }) / ideal
    }

    /// Recall@k: the share of relevant documents found in the first k.
    public static func recall(_ ranking: [String], _ judgements: [String: Int], at k: Int = 100) -> Double {
        let relevant = Set(judgements.filter { $0.value > 0 }.keys)
        guard !relevant.isEmpty else { return 0 }
        return Double(Set(ranking.prefix(k)).intersection(relevant).count) / Double(relevant.count)
    }

    /// Reciprocal rank of the first relevant document within the first k, else 0.
    public static func reciprocalRank(_ ranking: [String], _ judgements: [String: Int], at k: Int = 10) -> Double {
        guard let index = ranking.prefix(k).firstIndex(where: { (judgements[$0] ?? 0) > 0 }) else { return 0 }
        return 1 / Double(index + 1)
    }
}
