import Foundation
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
    /// Runs SQLite's and FTS5's integrity checks; true when both pass.
    func isConsistent() throws -> Bool {
        let sqlite = try database.scalarText("PRAGMA integrity_check")
        try database.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
        return sqlite == "ok"
    }

    func ids(_ query: String, limit: Int = 50, configure: (inout SearchRequest) -> Void = { _ in }) throws -> [String] {
        var request = SearchRequest(query: query)
        request.limit = limit
        configure(&request)
        return try search(request).hits.map(\.paper.id)
    }
}
