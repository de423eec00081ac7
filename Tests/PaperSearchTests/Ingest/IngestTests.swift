import Foundation
import Testing
@testable import PaperSearch

@Suite struct IngestTests {
    @Test func ingestCountsAndRejects() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        var problems: [IngestProblem] = []
        let summary = try index.ingest(files: [Fixture.path("papers.jsonl")], onProblem: { problems.append($0) })
        #expect(summary.added == 5 && summary.updated == 0 && summary.unchanged == 0 && summary.rejected == 2)
        #expect(problems.map(\.line) == [4, 6])
        #expect(try index.count() == 5)
        #expect(try index.isConsistent())
    }

    @Test func reingestingChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", "listing-maximum-value.txt", in: directory)
        let before = try index.count()
        let again = try index.ingest(files: [Fixture.path("papers.jsonl"), Fixture.path("listing-maximum-value.txt")])
        #expect(again.added == 0 && again.updated == 0)
        #expect(again.unchanged == 38)
        #expect(try index.count() == before)
        #expect(before == 38)
        #expect(try index.isConsistent())
    }

    @Test func newerVersionUpdatesAndOlderIsIgnored() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        let update = try index.ingest(files: [Fixture.path("papers-v3.jsonl")])
        #expect(update.updated == 1)
        let older = try index.ingest(files: [Fixture.path("papers-v1.jsonl")])
        #expect(older.unchanged == 1 && older.updated == 0)
        let paper = try #require(try index.paper(id: "2301.01234"))
        #expect(paper.versions.count == 3)
        #expect(paper.abstract.hasSuffix("noisy and lossy."))
        // The FTS index follows the update: the new word is found, the old text is gone.
        #expect(try index.ids("lossy") == ["2301.01234"])
        #expect(try index.ids("robust").isEmpty)
        #expect(try index.isConsistent())
    }

    @Test func olderVersionFirstThenNewerWins() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers-v1.jsonl", "papers-v3.jsonl", in: directory)
        #expect(try index.paper(id: "2301.01234")?.versions.count == 3)
        #expect(try index.ids("draft").isEmpty)
        #expect(try index.isConsistent())
    }

    @Test func deletingKeepsTheFTSIndexInStep() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        try index.database.execute("DELETE FROM papers WHERE id = '2104.00001'")
        #expect(try index.ids("quantum").isEmpty)
        #expect(try index.isConsistent())
        #expect(try index.database.scalarInt("SELECT count(*) FROM paper_categories WHERE category = 'quant-ph'") == 0)
    }

    @Test func missingFileIsAnErrorAndNothingIsLost() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        #expect(throws: IngestError.cannotOpen(path: directory.path("nope.jsonl"), reason: "no such file")) {
            try index.ingest(files: [directory.path("nope.jsonl")])
        }
        #expect(try index.count() == 5)
    }

    @Test func overlongLineIsRejectedNotBuffered() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("long.jsonl")
        let good = #"{"id":"2101.00001","title":"Short","abstract":"Fine."}"#
        let long = #"{"id":"2101.00002","title":""# + String(repeating: "x", count: 3_000_000) + #""}"#
        try [good, long, good.replacingOccurrences(of: "00001", with: "00003")].joined(separator: "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let lines = try LineReader(path: path, maxLineBytes: 1 << 20)
        let reader = ArxivMetadataReader(lines: lines)
        var outcomes: [String] = []
        while let record = try reader.next() {
            switch record {
            case .paper(let paper, let line): outcomes.append("\(line):\(paper.id)")
            case .rejected(let problem): outcomes.append("\(problem.line):rejected")
            }
        }
        #expect(outcomes == ["1:2101.00001", "2:rejected", "3:2101.00003"])
    }
}

@Suite struct BatchIndexingTests {
    @Test func theSamePaperTwiceInOneBatchIsIndexedOnce() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("twice.jsonl")
        let v1 = try String(contentsOfFile: Fixture.path("papers-v1.jsonl"), encoding: .utf8)
        let v3 = try String(contentsOfFile: Fixture.path("papers-v3.jsonl"), encoding: .utf8)
        let other = try String(contentsOfFile: Fixture.path("papers.jsonl"), encoding: .utf8)
        try (v1 + v3 + other).write(toFile: path, atomically: true, encoding: .utf8)
        for batchSize in [1, 2, 3, 1000] {
            let index = try PaperIndex(path: directory.path("p\(batchSize).db"), access: .readWrite)
            var options = IngestOptions()
            options.batchSize = batchSize
            _ = try index.ingest(files: [path], options: options)
            #expect(try index.isConsistent(), "batch size \(batchSize)")
            #expect(try index.ids("lossy") == ["2301.01234"])
            #expect(try index.ids("draft").isEmpty)
            #expect(try index.count() == 5)
        }
    }

    /// `count` small records, one per line, ids 2101.00000 up; the `n`th mentions `word n`.
    private func manyRecords(_ count: Int) -> String {
        (0..<count).map { n in
            #"{"id":"2101.\#(String(format: "%05d", n))","title":"Paper \#(n)","abstract":"Text of paper number \#(n).","categories":"cs.LG"}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func aFileThatBreaksOffKeepsWhatWasReadAndTheNextFileIsRead() throws {
        let directory = try TemporaryDirectory()
        let plain = directory.path("many.jsonl")
        try manyRecords(3_000).write(toFile: plain, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain)' > '\(plain).gz'"]
        try process.run()
        process.waitUntilExit()
        // Cut the compressed file in half: its first records read, then the input breaks off.
        let compressed = try Data(contentsOf: URL(fileURLWithPath: plain + ".gz"))
        let cut = directory.path("cut.gz")
        try compressed.prefix(compressed.count / 2).write(to: URL(fileURLWithPath: cut))

        let index = try Fixture.index(in: directory)
        var problems: [IngestProblem] = []
        let summary = try index.ingest(files: [cut, Fixture.path("papers.jsonl")], onProblem: { problems.append($0) })
        let kept = summary.added - 5
        // Every whole line that comes out of the cut file before it breaks off is kept.
        let lines = try LineReader(path: cut)
        var whole = 0
        do { while case .text? = try lines.next() { whole += 1 } } catch {}
        #expect(kept == whole)
        #expect(kept > 256 && kept < 3_000, "records read before the break: \(kept)")
        #expect(problems.contains { $0.path == cut })
        #expect(try index.paper(id: "2101.00000") != nil)
        #expect(try index.paper(id: String(format: "2101.%05d", kept - 1)) != nil)
        #expect(try index.paper(id: String(format: "2101.%05d", kept)) == nil)
        #expect(try index.count() == kept + 5)
        #expect(try index.isConsistent())
    }

    @Test func stoppingEndsAtABatchBoundaryAndKeepsTheBatchesBefore() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("many.jsonl")
        try manyRecords(5_000).write(toFile: path, atomically: true, encoding: .utf8)
        let index = try Fixture.index(in: directory)
        var options = IngestOptions()
        options.batchSize = 700
        var batches = 0
        let summary = try index.ingest(files: [path, Fixture.path("papers.jsonl")], options: options, shouldStop: {
            batches += 1
            return batches == 3
        })
        #expect(summary.interrupted)
        #expect(summary.added == 2_100)
        // In input order: the first 2,100 records, nothing of the second file.
        #expect(try index.paper(id: "2101.02099") != nil)
        #expect(try index.paper(id: "2101.02100") == nil)
        #expect(try index.count() == 2_100)
        #expect(try index.isConsistent())
    }
}
