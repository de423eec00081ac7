import Foundation
import Testing

@Suite final class CLITests {
    let workspace: CLIWorkspace
    var directory: URL { workspace.url }
    let papers: CLIRunner

    init() throws {
        workspace = try CLIWorkspace()
        papers = CLIRunner(database: workspace.url.appendingPathComponent("index/papers.db").path)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try CLIRunner.object(text)
    }

    @Test func ingestReportsRejectsWithLineAndSummary() throws {
        let result = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        #expect(result.status == 0)
        #expect(result.stderr.contains("papers.jsonl:4: invalid JSON"))
        #expect(result.stderr.contains("papers.jsonl:6: record has neither a title nor an abstract"))
        #expect(result.stderr.contains("added 5, updated 0, unchanged 0, rejected 2"))
        #expect(result.stdout.isEmpty)

        let again = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        #expect(again.stderr.contains("added 0, updated 0, unchanged 5, rejected 2"))
    }

    @Test func listingIngestsThirtyThreePapers() throws {
        let result = try papers("ingest", CLIRunner.fixture("listing-maximum-value.txt"))
        #expect(result.stderr.contains("added 33, updated 0, unchanged 0, rejected 0"))
        let first = try papers("search", "\"Distributed Maximum Consensus over Noisy Links\"", "--json")
        let object = try json(first.stdout)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.first?["title"] as? String == "Distributed Maximum Consensus over Noisy Links")
    }

    @Test func searchJSONAndJSONLines() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let result = try papers("search", "graph", "--json")
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["query"] as? String == "graph")
        #expect(object["total"] as? Int == 2)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.first?["id"] as? String == "2301.01234")

        let lines = try papers("search", "graph", "--format", "jsonl")
        let rows = lines.stdout.split(separator: "\n")
        #expect(rows.count == 2)
        for row in rows { #expect(try json(String(row))["id"] is String) }
    }

    @Test func textOutputMarksMatchesWhenNotATerminal() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let result = try papers("search", "surface", "codes")
        #expect(result.status == 0)
        #expect(result.stdout.contains("1. Quantum error correction thresholds"))
        #expect(result.stdout.contains("[Surface] [codes]"))
        #expect(result.stdout.contains("2021 · 2104.00001"))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test(arguments: ["COVID-19", "multi-agent", "state-of-the-art", "O(n log n)"])
    func punctuationSearches(query: String) throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let result = try papers("search", query, "--json")
        #expect(result.status == 0)
        #expect(try json(result.stdout)["total"] as? Int == 1)
    }

    @Test func unterminatedQuoteIsNotedNotFatal() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let result = try papers("search", "\"surface codes")
        #expect(result.status == 0)
        #expect(result.stderr.contains("closed the quote"))
    }

    @Test func nothingSearchableExitsTwo() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let result = try papers("search", "-")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: nothing to search for"))
    }

    @Test func noMatchExitsZeroWithAHint() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let text = try papers("search", "xylophone")
        #expect(text.status == 0 && text.stdout.isEmpty)
        #expect(text.stderr.contains("No papers match"))
        let json = try papers("search", "xylophone", "--json")
        #expect(try self.json(json.stdout)["results"] as? [Any] != nil)
        #expect(try self.json(json.stdout)["total"] as? Int == 0)
    }

    @Test func showByEveryIDForm() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        for form in ["2301.01234", "2301.01234v2", "arXiv:2301.01234", "https://arxiv.org/abs/2301.01234"] {
            let result = try papers("show", form, "--json")
            #expect(result.status == 0, "form \(form)")
            let object = try json(result.stdout)
            #expect(object["id"] as? String == "2301.01234")
            #expect(object["score"] == nil && object["snippet"] == nil)
        }
        let text = try papers("show", "hep-th/9901001")
        #expect(text.stdout.hasPrefix("Strings on a circle\n"))
        #expect(text.stdout.contains("Nucl.Phys.B 1 (1999) 1"))
    }

    @Test func unknownIDExitsOne() throws {
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"))
        let result = try papers("show", "9999.99999")
        #expect(result.status == 1)
        #expect(result.stderr.contains("no paper with id '9999.99999'"))
    }

    @Test func searchingBeforeIngestSaysHow() throws {
        let result = try papers("search", "graph")
        #expect(result.status == 1)
        #expect(result.stderr.contains("papers ingest"))
    }

    @Test func notAnIndexIsRefusedAndUntouched() throws {
        let path = directory.appendingPathComponent("notes.db").path
        try "not a database".write(toFile: path, atomically: true, encoding: .utf8)
        let runner = CLIRunner(database: path)
        let result = try runner("ingest", CLIRunner.fixture("papers.jsonl"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not a papers index"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a database")
    }

    @Test func databaseFromTheEnvironment() throws {
        let path = directory.appendingPathComponent("env/p.db").path
        let runner = CLIRunner(database: "", environment: ["PAPERS_DB": path])
        let result = try runner("ingest", CLIRunner.fixture("papers.jsonl"), db: false)
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        let xdg = CLIRunner(database: "", environment: ["XDG_DATA_HOME": directory.appendingPathComponent("xdg").path])
        _ = try xdg("ingest", CLIRunner.fixture("papers.jsonl"), db: false)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("xdg/papers/papers.db").path))
    }

    @Test func standardInput() throws {
        let result = try papers("ingest", "-", stdin: "A pasted title\nAnd its pasted abstract text.\n")
        #expect(result.stderr.contains("added 1,"))
    }
}
