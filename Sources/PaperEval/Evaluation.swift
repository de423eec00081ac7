import Foundation
import PaperSearch

/// Runs every query of a collection through the library as `papers search --any` does and
/// scores the rankings.
public struct Evaluation: Sendable {
    /// Mean scores over the judged queries.
    public struct Scores: Sendable, Encodable {
        /// Mean nDCG@10.
        public var ndcg10: Double
        /// Mean Recall@100.
        public var recall100: Double
        /// Mean reciprocal rank within the first 10.
        public var mrr10: Double
        /// Judged queries evaluated.
        public var queries: Int
    }

    /// One query's ranking, for the TREC run file.
    public struct Ranking: Sendable {
        /// The query id.
        public var query: String
        /// Document ids with their scores, best first.
        public var documents: [(id: String, score: Double)]
    }

    /// The mean scores.
    public let scores: Scores
    /// Every query's ranking, in query order.
    public let rankings: [Ranking]

    /// Evaluates `configure`d `--any` searches over `collection` in `index`.
    public init(collection: TestCollection, index: PaperIndex,
                configure: (inout SearchRequest) -> Void = { _ in }) throws {
        var ndcg = 0.0, recall = 0.0, mrr = 0.0
        var rankings: [Ranking] = []
        for (id, text) in collection.queries {
            var request = SearchRequest(query: text)
            request.mode = .any
            request.limit = 100
            request.snippets = false
            configure(&request)
            let ranked: [(id: String, score: Double)]
            do {
                ranked = try index.search(request).hits.map { ($0.paper.id, $0.score) }
            } catch is QueryError {
                ranked = []
            }
            let ids = ranked.map(\.id)
            let judged = collection.judgements[id] ?? [:]
            ndcg += RelevanceMetrics.ndcg(ids, judged, at: 10)
            recall += RelevanceMetrics.recall(ids, judged, at: 100)
            mrr += RelevanceMetrics.reciprocalRank(ids, judged, at: 10)
            rankings.append(Ranking(query: id, documents: ranked))
        }
        let count = Double(max(collection.queries.count, 1))
        scores = Scores(ndcg10: ndcg / count, recall100: recall / count, mrr10: mrr / count,
                        queries: collection.queries.count)
        self.rankings = rankings
    }

    /// The rankings as a TREC run file: `query Q0 document rank score run`.
    public func trecRun(name: String) -> String {
        rankings.flatMap { ranking in
            ranking.documents.enumerated().map { rank, document in
                "\(ranking.query) Q0 \(document.id) \(rank + 1) \(String(format: "%.4f", document.score)) \(name)"
            }
        }.joined(separator: "\n") + "\n"
    }
}
