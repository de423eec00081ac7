import Foundation
import Testing

@Suite final class QueryCLITests {
    let workspace: CLIWorkspace
    var directory: URL { workspace.url }
    let papers: CLIRunner

    init() throws {
        workspace = try CLIWorkspace()
        papers = CLIRunner(database: workspace.url.appendingPathComponent("papers.db").path)
        _ = try papers("ingest", CLIRunner.fixture("papers.jsonl"), CLIRunner.fixture("listing-maximum-value.txt"))
    }

    private func json(_ text: String) throws -> [String: Any] {
        try CLIRunner.object(text)
    }

    @Test func dashWordsExcludeWithoutConfusingTheOptionParser() throws {
        let result = try papers("search", "graph", "-noisy", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let ids = try #require(json(result.stdout)["results"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == ["2209.00003"])
    }

    @Test func countPrintsOnlyTheTotal() throws {
        let result = try papers("search", "reinforcement", "--count")
        #expect(result.status == 0)
        #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 10)
    }

    @Test func facetsInJSONAndText() throws {
        let result = try papers("search", "graph", "--facet", "year,category", "--json")
        let facets = try #require(json(result.stdout)["facets"] as? [String: [String: Int]])
        #expect(facets["year"] == ["2023": 1, "2022": 1])
        #expect(facets["category"]?["cs.LG"] == 2)
        let text = try papers("search", "graph", "--facet", "category")
        #expect(text.stdout.contains("by category: cs.LG (2)"))
        let bad = try papers("search", "graph", "--facet", "colour")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("Unknown facet 'colour'"))
    }

    @Test func invalidRawExitsTwo() throws {
        let result = try papers("search", "--raw", "graph AND")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: invalid FTS5 expression 'graph AND'"))
        #expect(!result.stderr.contains("Fatal"))
    }

    @Test func bareIDOrDOIBehavesAsShow() throws {
        for query in ["https://arxiv.org/abs/2301.01234v2", "10.1000/XYZ.123"] {
            let object = try json(papers("search", query, "--json").stdout)
            #expect(object["mode"] as? String == "id")
            #expect((object["results"] as? [[String: Any]])?.first?["id"] as? String == "2301.01234")
        }
    }

    @Test func anyFallbackIsMarked() throws {
        let object = try json(papers("search", "quantum", "xylophone", "--json").stdout)
        #expect(object["mode"] as? String == "any")
        #expect(object["total"] as? Int == 1)
        #expect((object["notes"] as? [String])?.contains { $0.contains("any of them") } == true)
        let text = try papers("search", "quantum", "xylophone")
        #expect(text.stderr.contains("no paper matches all the words"))
    }

    @Test func unknownFieldIsNotedInText() throws {
        let result = try papers("search", "foo:bar", "graph")
        #expect(result.status == 0)
        #expect(result.stderr.contains("unknown field 'foo'"))
    }

    @Test func filterOptions() throws {
        let object = try json(papers("search", "graph", "--category", "cs.*", "--since", "2023", "--json").stdout)
        #expect(object["total"] as? Int == 1)
        let bad = try papers("search", "graph", "--year", "soon")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'soon' is not a year"))
    }

    @Test func exportJSONArrayAndLines() throws {
        let array = try papers("export", "--format", "json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(array.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.count == 38)
        #expect(parsed.allSatisfy { $0["abstract"] is String })
        let lines = try papers("export", "graph", "--format", "jsonl")
        #expect(lines.stdout.split(separator: "\n").count == 2)
        let none = try papers("export", "xylophone", "--format", "json")
        #expect(try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [Any] != nil)
    }

    @Test func exportCSVToAFileAtomically() throws {
        let path = directory.appendingPathComponent("out.csv").path
        let result = try papers("export", "cat:cs.LG", "--format", "csv", "-o", path)
        #expect(result.status == 0)
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first == "id,title,authors,categories,published,updated,doi,journal_ref,comments,abstract")
        #expect(rows.count == 3)
        #expect(csv.contains("Ana Díaz; Bo Chen"))
        #expect(csv.contains("cs.LG; stat.ML"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)

        // A failing export leaves the earlier file as it was.
        let failed = try papers("export", "--raw", "AND AND", "--format", "csv", "-o", path)
        #expect(failed.status == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == csv)
    }
}
