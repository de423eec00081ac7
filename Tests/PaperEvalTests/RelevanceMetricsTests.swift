import Foundation
import Testing
@testable import PaperEval

/// Hand-worked examples.
@Suite struct RelevanceMetricsTests {
    @Test func ndcgWithGradedGains() {
        // Ranking d1 (2), d2 (0), d3 (3); judged also d4 (1).
        // DCG  = 2/log2(2) + 0/log2(3) + 3/log2(4) = 2 + 0 + 1.5 = 3.5
        // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5 = 4.76186
        let judged = ["d1": 2, "d3": 3, "d4": 1, "d2": 0]
        let value = RelevanceMetrics.ndcg(["d1", "d2", "d3"], judged, at: 10)
        #expect(abs(value - 3.5 / (3 + 2 / log2(3.0) + 0.5)) < 1e-12)
        #expect(abs(value - 0.73500) < 1e-4)
        #expect(RelevanceMetrics.ndcg(["d3", "d1", "d4"], judged) == 1)
        #expect(RelevanceMetrics.ndcg(["x", "y"], judged) == 0)
    }

    @Test func ndcgCutsAtK() {
        let judged = ["a": 1, "b": 1]
        // Only "a" at rank 2 counts at k = 2: (1/log2(3)) / (1 + 1/log2(3)).
        let value = RelevanceMetrics.ndcg(["x", "a", "b"], judged, at: 2)
        #expect(abs(value - (1 / log2(3.0)) / (1 + 1 / log2(3.0))) < 1e-12)
    }

    @Test func recallAndReciprocalRank() {
        let judged = ["a": 1, "b": 2, "c": 1, "z": 0]
        #expect(RelevanceMetrics.recall(["a", "x", "b"], judged, at: 100) == 2.0 / 3.0)
        #expect(RelevanceMetrics.recall(["a", "x", "b"], judged, at: 1) == 1.0 / 3.0)
        #expect(RelevanceMetrics.reciprocalRank(["x", "z", "b"], judged, at: 10) == 1.0 / 3.0)
        #expect(RelevanceMetrics.reciprocalRank(["x", "y", "b"], judged, at: 2) == 0)
    }

    @Test func missingCollectionIsSkipped() throws {
        #expect(try TestCollection(folder: "/nonexistent/collection") == nil)
    }
}
