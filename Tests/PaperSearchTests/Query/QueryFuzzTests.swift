import Foundation
import Testing
@testable import PaperSearch

/// Thousands of generated and random queries: none may crash or surface an SQLite error;
/// each returns results or a ``QueryError``.
@Suite struct QueryFuzzTests {
    static let fragments = [
        "\"", "(", ")", ":", "-", "*", "OR", "AND", "NOT", "NEAR", "NEAR/", "NEAR/3", "NEAR(", ",", "^", "+",
        "{", "}", "[", "]", "'", "title:", "ti:", "cat:", "cat:cs.*", "year:", "year:20..", "date:2023-13",
        "id:", "au:", "abs:", "foo:", "alpha", "bravo", "delta*", "βeta", "日本語", "Schrödinger", "COVID-19",
        "multi-agent", "O(n", "log", "n)", "c++", "\u{0}", "\u{1}", "\u{7F}", "\t", "\n", "\u{200B}", "🙂",
        "''", "\\", "%", "_", ";", "--", "/*", "*/", "SELECT", "DROP TABLE papers;", "rank", "bm25(",
    ]

    @Test func generatedAndRandomQueriesNeverFail() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("corpus.jsonl")
        try ConstructedCorpus(count: 60).jsonLines.write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        _ = try index.ingest(files: [path])

        var generator = SystemRandomNumberGenerator()
        var queries: [String] = []
        for _ in 0..<2_500 {
            let count = Int.random(in: 1...6, using: &generator)
            let separator = Bool.random(using: &generator) ? " " : ""
            queries.append((0..<count).map { _ in Self.fragments.randomElement(using: &generator)! }.joined(separator: separator))
        }
        for _ in 0..<1_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            queries.append(String(decoding: bytes, as: UTF8.self))
        }
        var answered = 0, refused = 0
        for query in queries {
            var request = SearchRequest(query: query)
            request.facets = [.year]
            do {
                _ = try index.search(request)
                answered += 1
            } catch let error as QueryError {
                #expect(!error.description.isEmpty)
                refused += 1
            } catch {
                Issue.record("query \(query.debugDescription) raised \(error)")
            }
        }
        #expect(answered + refused == queries.count)
        #expect(answered > queries.count / 2)
        #expect(try index.isConsistent())
    }

    @Test func invalidRawExpressionIsAQueryError() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        var request = SearchRequest(query: "graph AND")
        request.raw = true
        #expect(throws: QueryError.self) { try index.search(request) }
        request.query = "graph NOT noisy"
        #expect(try index.search(request).total == 1)
    }
}
