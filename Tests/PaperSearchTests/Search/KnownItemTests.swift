import Foundation
import Testing
@testable import PaperSearch

/// Searching a paper's exact title as plain words must find that paper first.
@Suite struct KnownItemTests {
    @Test func realArxivTitlesRankTheirPaperFirst() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        var first = 0
        var total = 0
        try index.forEachMatch(SearchRequest(query: "")) { paper in
            total += 1
            var request = SearchRequest(query: paper.title)
            request.limit = 1
            if try index.search(request).hits.first?.paper.id == paper.id { first += 1 }
        }
        #expect(total == 200)
        #expect(Double(first) / Double(total) >= 0.99, "\(first) of \(total) titles ranked their paper first")
    }

    @Test func generatedTitlesRankTheirPaperFirst() throws {
        // 10,000 papers whose titles and abstracts draw on one Zipf-distributed vocabulary.
        var random = SplitMix64(seed: 99)
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "du", "qua", "ter", "bri", "xo"]
        let vocabulary = (0..<4_000).map { i -> String in
            var word = ""
            var n = i + 7
            repeat {
                word += syllables[n % syllables.count]
                n /= syllables.count
            } while n > 0
            return word
        }
        var cumulative: [Double] = []
        var sum = 0.0
        for rank in 0..<vocabulary.count {
            sum += 1 / pow(Double(rank + 1), 1.05)
            cumulative.append(sum)
        }
        func word() -> String {
            let target = Double(random.next() >> 11) / Double(1 << 53) * sum
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            return vocabulary[lo]
        }
        var lines: [String] = []
        var titles: [(String, String)] = []
        for i in 0..<10_000 {
            let title = (0..<(4 + Int(random.next() % 8))).map { _ in word() }.joined(separator: " ")
            let abstract = (0..<60).map { _ in word() }.joined(separator: " ")
            let id = String(format: "2%03d.%05d", 100 + i / 90_000, i)
            titles.append((id, title))
            lines.append(#"{"id":"\#(id)","title":"\#(title)","abstract":"\#(abstract)","submitter":"x"}"#)
        }
        let directory = try TemporaryDirectory()
        let path = directory.path("generated.jsonl")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        _ = try index.ingest(files: [path])
        var first = 0
        for (id, title) in titles {
            var request = SearchRequest(query: title)
            request.limit = 1
            request.snippets = false
            if try index.search(request).hits.first?.paper.id == id { first += 1 }
        }
        #expect(Double(first) / Double(titles.count) >= 0.99, "\(first) of \(titles.count) titles ranked their paper first")
    }
}
