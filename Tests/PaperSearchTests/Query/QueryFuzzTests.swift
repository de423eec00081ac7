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

        // Seeded, so a failure reproduces; the seed is in the failure message.
        let seed = UInt64(20261125)
        var generator = SplitMix64(seed: seed)
        var queries: [String] = []
        for _ in 0..<4_000 {
            let count = Int.random(in: 1...6, using: &generator)
            let separator = Bool.random(using: &generator) ? " " : ""
            queries.append((0..<count).map { _ in Self.fragments.randomElement(using: &generator)! }.joined(separator: separator))
        }
        for _ in 0..<2_000 {
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
                Issue.record("query \(query.debugDescription) (seed \(seed)) raised \(error)")
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

/// A small seeded generator (SplitMix64) for reproducible fuzzing.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
