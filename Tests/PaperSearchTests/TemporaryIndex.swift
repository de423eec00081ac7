import Foundation
import Testing
@testable import PaperSearch

/// A fresh directory per test, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("papers-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    /// A new index in a temporary directory, holding the given fixture files.
    static func index(_ files: String..., in directory: TemporaryDirectory) throws -> PaperIndex {
        let index = try PaperIndex(path: directory.path("papers.db"), access: .readWrite)
        if !files.isEmpty { _ = try index.ingest(files: files.map(path)) }
        return index
    }
}

extension PaperIndex {
    /// FTS5's segments, read from its structure record.
    func segmentCount() throws -> Int {
        FTS5Record.segmentCount(structure: try TermImpacts.state(database).structure) ?? -1
    }

    /// Runs SQLite's and FTS5's integrity checks; true when both pass.
    func isConsistent() throws -> Bool {
        let sqlite = try database.scalarText("PRAGMA integrity_check")
        try database.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
        return sqlite == "ok"
    }

    /// Every match of `plan` in rowid order: its score from our ranking expression (which
    /// must be `papers_bm25`) and from FTS5's `bm25()` with the same weights.
    func rankingScores(_ plan: QueryPlan) throws -> ([Double], [Double]) {
        let expression = try rankExpression(plan, .standard)
        #expect(expression.hasPrefix(KnownFrequencyBM25.name), "\(expression)")
        let statement = try database.prepare(
            "SELECT \(expression), \(RankingWeights.standard.bm25) FROM papers_fts WHERE papers_fts MATCH ?1 ORDER BY rowid")
        try statement.bind([.text(plan.match!)])
        var ours: [Double] = [], fts5: [Double] = []
        while try statement.step() {
            ours.append(statement.double(at: 0))
            fts5.append(statement.double(at: 1))
        }
        return (ours, fts5)
    }

    func ids(_ query: String, limit: Int = 50, configure: (inout SearchRequest) -> Void = { _ in }) throws -> [String] {
        var request = SearchRequest(query: query)
        request.limit = limit
        configure(&request)
        return try search(request).hits.map(\.paper.id)
    }
}
