import Foundation
import Testing

/// Ingest under stress, through the built binary: SIGKILL, SIGINT, a concurrent reader,
/// standard input, a huge line, --strict, stats and check.
@Suite final class IngestSafetyTests {
    let workspace: CLIWorkspace
    var directory: URL { workspace.url }
    let database: String
    let papers: CLIRunner

    init() throws {
        workspace = try CLIWorkspace()
        database = workspace.url.appendingPathComponent("p.db").path
        papers = CLIRunner(database: database)
    }

    /// `count` generated arXiv-shaped records with distinct words, as JSON lines.
    private func corpus(_ count: Int, name: String = "corpus.jsonl") throws -> String {
        let path = directory.appendingPathComponent(name).path
        var text = ""
        for i in 0..<count {
            let id = String(format: "2301.%05d", i)
            text += #"{"id":"\#(id)","submitter":"x","title":"Paper number \#(i) on topic w\#(i % 97)","abstract":"Abstract \#(i) about w\#(i % 89) and w\#(i % 13) with enough words to index and to make the index do real work for each of the many records in this file.","categories":"cs.LG","versions":[{"version":"v1","created":"Mon, 2 Jan 2023 00:00:00 GMT"}]}"# + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func start(_ arguments: [String], input: Pipe? = nil) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        if let input { process.standardInput = input }
        try process.run()
        return (process, err)
    }

    /// Lines `range` of `file`, to feed an ingest that reads standard input. While the pipe
    /// stays open the ingest cannot finish, so a signal always lands mid-ingest however fast
    /// the machine is.
    private func lines(_ file: String, _ range: Range<Int>) throws -> Data {
        let all = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        return Data(all[range].map { $0 + "\n" }.joined().utf8)
    }

    /// Polls the index until `papers` rows are committed (or about 8 s pass).
    private func waitForCommitted(atLeast rows: Int) {
        var committed = 0
        for _ in 0..<400 where committed < rows {
            Thread.sleep(forTimeInterval: 0.02)
            if FileManager.default.fileExists(atPath: database) { committed = (try? count()) ?? 0 }
        }
    }

    private func count() throws -> Int {
        let result = try papers("search", "paper", "--count")
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Every row's id and content, to compare two indexes.
    private func digest(_ path: String) throws -> String {
        let runner = CLIRunner(database: path)
        return try runner("export", "--format", "jsonl", "--sort", "oldest").stdout
            .split(separator: "\n").map { line in
                // `source` names the file, which differs between the runs compared.
                line.replacingOccurrences(of: #""source":"[^"]*""#, with: "", options: .regularExpression)
            }.sorted().joined(separator: "\n")
    }

    @Test func sigkillLeavesASoundIndexAndARerunFinishesIt() throws {
        let file = try corpus(12_000)
        let input = Pipe()
        let (process, _) = try start(["ingest", "--db", database, "--batch-size", "250", "--format", "arxiv-json", "-"],
                                     input: input)
        // Kill once some batches are in, with the rest of the input still to come.
        input.fileHandleForWriting.write(try lines(file, 0..<3_000))
        waitForCommitted(atLeast: 500)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)

        let check = try papers("check")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let kept = try count()
        #expect(kept >= 500 && kept <= 3_000)
        #expect(kept % 250 == 0, "only whole batches survive: \(kept)")

        let rerun = try papers("ingest", file)
        #expect(rerun.stderr.contains("added \(12_000 - kept), updated 0, unchanged \(kept), rejected 0"))

        let clean = directory.appendingPathComponent("clean.db").path
        _ = try CLIRunner(database: clean)("ingest", file)
        #expect(try digest(database) == digest(clean))
        #expect(try papers("check").status == 0)
    }

    @Test func ctrlCStopsAtABatchBoundaryWithASummary() throws {
        let file = try corpus(12_000)
        let input = Pipe()
        let (process, err) = try start(["ingest", "--db", database, "--batch-size", "200", "--format", "arxiv-json", "-"],
                                       input: input)
        input.fileHandleForWriting.write(try lines(file, 0..<3_000))
        waitForCommitted(atLeast: 400)
        kill(process.processIdentifier, SIGINT)
        // The ingest looks at the flag when it commits a batch: give it the records for one.
        // It may already have stopped at a batch of the first lines and closed its end, so
        // a broken pipe here is an error to ignore, not a signal that ends the tests.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: try lines(file, 3_000..<3_200))
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(stderr.contains("interrupted: added"))
        let kept = try count()
        #expect(kept % 200 == 0 && kept >= 400 && kept <= 3_200)
        #expect(try papers("check").status == 0)
    }

    @Test func searchesKeepWorkingDuringAnIngest() throws {
        _ = try papers("ingest", try corpus(300, name: "seed.jsonl"))
        let file = try corpus(5_000)
        let input = Pipe()
        let (process, _) = try start(["ingest", "--db", database, "--batch-size", "100", "--format", "arxiv-json", "-"],
                                     input: input)
        var searches = 0
        var failures: [String] = []
        // The input comes in parts, with searches between them: each search runs while the
        // ingest is under way, whether it waits for input mid-batch or is writing.
        for part in stride(from: 0, to: 5_000, by: 500) {
            input.fileHandleForWriting.write(try lines(file, part..<part + 500))
            let result = try papers("search", "paper", "--json", "--limit", "3")
            searches += 1
            if result.status != 0 { failures.append(result.stderr) }
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(searches == 10)
        #expect(try count() == 5_000, "the seed's 300 ids are among the 5,000")
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    @Test func strictFailureExitsOneAndChangesNothing() throws {
        _ = try papers("ingest", CLIRunner.fixture("feed.atom.xml"))
        let before = try digest(database)
        let result = try papers("ingest", "--strict", CLIRunner.fixture("oai-arxiv.xml"), CLIRunner.fixture("papers.jsonl"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("papers.jsonl:4: invalid JSON"))
        #expect(result.stderr.contains("--strict"))
        #expect(try digest(database) == before)
    }

    @Test func aHugeLineIsRejectedAndTheRestIngested() throws {
        let path = directory.appendingPathComponent("huge.jsonl").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.write(Data(#"{"id":"2101.00001","title":"Before","abstract":"a","submitter":"x"}"#.utf8 + [0x0A]))
        handle.write(Data(#"{"id":"2101.00002","title":""#.utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<200 { handle.write(chunk) }
        handle.write(Data(#""}"#.utf8 + [0x0A]))
        handle.write(Data(#"{"id":"2101.00003","title":"After","abstract":"b","submitter":"x"}"#.utf8 + [0x0A]))
        try handle.close()
        let result = try papers("ingest", path)
        #expect(result.status == 0)
        #expect(result.stderr.contains("huge.jsonl:2: line is"))
        #expect(result.stderr.contains("added 2, updated 0, unchanged 0, rejected 1"))
    }

    @Test func standardInputInAnyFormat() throws {
        let atom = try String(contentsOfFile: CLIRunner.fixture("feed.atom.xml"), encoding: .utf8)
        let result = try papers("ingest", "-", stdin: atom)
        #expect(result.stderr.contains("added 2, updated 0, unchanged 0, rejected 1"))
        #expect(result.stderr.contains("-:34: arXiv API error"))
    }

    @Test func noProgressBarWhenStderrIsNotATerminal() throws {
        let result = try papers("ingest", try corpus(50))
        #expect(!result.stderr.contains("\r"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let quiet = try papers("ingest", "--quiet", try corpus(60, name: "more.jsonl"))
        #expect(quiet.stderr.isEmpty)
    }

    @Test func statsAndCheck() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"), CLIRunner.fixture("feed.atom.xml"))
        let stats = try papers("stats", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["papers"] as? Int == 7)
        #expect(object["first"] as? String == "1999-01-01")
        #expect(object["last"] as? String == "2024-02-01")
        #expect((object["categories"] as? [String: Int])?["cs.LG"] == 2)
        #expect((object["bytes"] as? Int ?? 0) > 0)
        #expect((object["last_ingest"] as? [String: Any])?["added"] as? Int == 7)
        let text = try papers("stats")
        #expect(text.stdout.hasPrefix("papers      7\n"))

        let check = try papers("check")
        #expect(check.status == 0)
        #expect(check.stdout.contains("fts5 integrity-check: ok"))

        let optimize = try papers("optimize")
        #expect(optimize.status == 0)
        #expect(optimize.stdout.hasPrefix("counted "))
        #expect(optimize.stdout.contains(" prefixes, ranked 0 word lists, listed 0 two-word phrases in "))
        let summary = try papers("optimize", "--json")
        let done = try #require(try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect((done["common_terms"] as? Int ?? 0) > 0)
        #expect(done["ranked_lists"] as? Int == 0)
        #expect((done["prefixes"] as? Int ?? 0) > 0 && done["phrase_lists"] as? Int == 0)
        // The first optimize left one segment: nothing to merge.
        #expect(done["merged_segments"] as? Int == 0)
        let search = try papers("search", "learning", "--json")
        #expect(search.status == 0)
    }

    @Test func optimizeNeedsAnIndex() throws {
        let result = try papers("optimize")
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
    }
}
