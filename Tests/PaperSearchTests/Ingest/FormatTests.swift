import Foundation
import Testing
@testable import PaperSearch

/// Every input format, read through the public ingest API into a real index.
@Suite struct FormatTests {
    private func ingest(_ names: [String], options: IngestOptions = IngestOptions())
        throws -> (PaperIndex, IngestSummary, [IngestProblem], TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        var problems: [IngestProblem] = []
        let summary = try index.ingest(files: names.map { $0.hasPrefix("/") ? $0 : Fixture.path($0) },
                                       options: options, onProblem: { problems.append($0) })
        return (index, summary, problems, directory)
    }

    @Test func detectsFormatsByContent() throws {
        func detect(_ name: String) throws -> InputFormat {
            let lines = try LineReader(path: Fixture.path(name))
            return InputFormat.detect(firstBytes: try lines.peek(4096), path: "renamed.dat")
        }
        #expect(try detect("feed.atom.xml") == .atom)
        #expect(try detect("oai-arxiv.xml") == .oaiPMH)
        #expect(try detect("oai-dc.xml") == .oaiPMH)
        #expect(try detect("papers.jsonl") == .arxivJSON)
        #expect(try detect("beir-corpus.jsonl") == .json)
        #expect(try detect("papers-array.json") == .json)
        #expect(try detect("papers.csv") == .csv)
        #expect(try detect("papers.tsv") == .tsv)
        #expect(try detect("listing-maximum-value.txt") == .listing)
    }

    @Test func atomFeed() throws {
        let (index, summary, problems, _) = try ingest(["feed.atom.xml"])
        #expect(summary.added == 2 && summary.rejected == 1)
        #expect(problems.first?.reason == "arXiv API error: incorrect id format for xyz")
        #expect(problems.first?.line == 34)
        let paper = try #require(try index.paper(id: "2402.01111"))
        #expect(paper.title == "Enhancing $T_{\\mathrm{c}}$ in layered cuprates")
        #expect(paper.abstract == "We raise the critical temperature of cuprates by strain & doping.")
        #expect(paper.authors == ["Zoë Díaz", "Bo Chen"])
        #expect(paper.categories == ["cond-mat.supr-con", "cond-mat.str-el"])
        #expect(paper.published == "2024-02-01" && paper.updated == "2024-03-05")
        #expect(paper.doi == "10.1000/abc.77")
        #expect(paper.journalRef == "Phys. Rev. X 1, 2 (2024)" && paper.comments == "8 pages")
        #expect(paper.versions == [Paper.Version(version: "v3", created: "2024-03-05")])
        #expect(try index.paper(id: "hep-th/9902002")?.title == "Branes and bulk")
    }

    @Test func latexIsSearchableAndShownAsWritten() throws {
        let (index, _, _, _) = try ingest(["feed.atom.xml"])
        #expect(try index.ids("Tc cuprates") == ["2402.01111"])
        #expect(try index.ids("diaz") == ["2402.01111"])
        #expect(try index.ids("zoe") == ["2402.01111"])
        let hit = try #require(try index.search(SearchRequest(query: "Tc")).hits.first)
        #expect(hit.paper.title == "Enhancing Tc in layered cuprates")
        #expect(hit.titleHighlights == [10..<12])
        #expect(try index.paper(id: "2402.01111")?.title.contains("$T_{\\mathrm{c}}$") == true)
    }

    @Test func oaiPMHInAllThreeMetadataFormats() throws {
        let (index, summary, problems, _) = try ingest(["oai-arxiv.xml", "oai-arxivraw.xml", "oai-dc.xml"])
        #expect(problems.isEmpty)
        #expect(summary.added == 3)
        let structured = try #require(try index.paper(id: "2401.00001"))
        #expect(structured.authors == ["Jan Müller", "Wei Ng Jr"])
        #expect(structured.categories == ["cs.CL", "cs.LG"])
        #expect(structured.published == "2024-01-02" && structured.updated == "2024-01-09")
        #expect(structured.doi == "10.18653/v1/x")
        #expect(structured.abstract == "We make attention sparse so that long documents fit.")
        let raw = try #require(try index.paper(id: "2401.00003"))
        #expect(raw.versions.map(\.version) == ["v1", "v2"])
        #expect(raw.published == "2024-01-03" && raw.updated == "2024-02-01")
        #expect(raw.authors == ["Ana Díaz", "Bo Chen", "Carla Smith"])
        let dc = try #require(try index.paper(id: "2401.00004"))
        #expect(dc.authors == ["Søren Larsen", "Ada Okafor"])
        #expect(dc.abstract == "We measure glacier melt with gravity satellites.")
        #expect(dc.comments == "5 figures")
        #expect(dc.doi == "10.5555/glacier.1")
        #expect(dc.published == "2024-01-04")
        #expect(try index.ids("muller") == ["2401.00001"])
    }

    @Test func directoryOfSavedPages() throws {
        let directory = try TemporaryDirectory()
        let pages = directory.path("pages")
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        for name in ["oai-arxiv.xml", "oai-arxivraw.xml", "oai-dc.xml"] {
            try FileManager.default.copyItem(atPath: Fixture.path(name), toPath: pages + "/" + name)
        }
        let (_, summary, _, _) = try ingest([pages])
        #expect(summary.added == 3)
    }

    @Test func malformedXMLKeepsWhatCameBefore() throws {
        let (index, summary, problems, _) = try ingest(["broken.xml"])
        #expect(summary.added == 1 && summary.rejected == 1)
        #expect(problems.first?.reason.hasPrefix("invalid XML") == true)
        #expect((problems.first?.line ?? 0) >= 9)
        #expect(try index.paper(id: "2403.00001") != nil)
    }

    @Test func beirCorpusLines() throws {
        let (index, summary, problems, _) = try ingest(["beir-corpus.jsonl"])
        #expect(summary.added == 3 && summary.rejected == 1)
        #expect(problems.map(\.line) == [3])
        #expect(try index.paper(id: "d1")?.abstract == "Daily aspirin lowers the risk of heart attacks in adults.")
        #expect(try index.ids("cholesterol") == ["d2"])
    }

    @Test func genericJSONArray() throws {
        let (index, summary, problems, _) = try ingest(["papers-array.json"])
        #expect(summary.added == 3 && summary.rejected == 1)
        #expect(problems.map(\.line) == [7])
        let s2 = try #require(try index.paper(id: "2105.01234"))
        #expect(s2.title == "Semantic parsing with {braces} in strings, and \"quotes\"")
        #expect(s2.authors == ["Ana Díaz", "Bo Chen"])
        #expect(s2.published == "2021-01-01")
        #expect(s2.categories == ["Computer Science"] || s2.categories == ["Computer", "Science"])
        let hf = try #require(try index.paper(id: "hf-2"))
        #expect(hf.abstract == "Audio diffusion." && hf.published == "2023-07-14")
        #expect(hf.authors == ["Carla Smith", "Dan Jones"])
        let openAlex = try #require(try index.paper(id: "10.9999/oa.3"))
        #expect(openAlex.abstract == "Abstracts are rebuilt from positions.")
        #expect(openAlex.authors == ["Olga Petrov"])
    }

    @Test func aOneLineArrayLongerThanTheLineLimitIsRead() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("compact.json")
        let objects = (0..<50).map { #"{"id":"x\#($0)","title":"Compact \#($0)","abstract":"One line, many objects."}"# }
        try ("[" + objects.joined(separator: ",") + "]").write(toFile: path, atomically: true, encoding: .utf8)
        let reader = JSONRecordReader(lines: try LineReader(path: path, maxLineBytes: 256), map: FieldMap())
        var papers = 0, problems = 0
        try reader.read { record in
            if case .paper = record { papers += 1 } else { problems += 1 }
        }
        #expect(papers == 50 && problems == 0)
    }

    @Test func csvWithAMappedColumn() throws {
        var options = IngestOptions()
        options.fieldMap = try FieldMap(pairs: ["abstract=Synopsis"])
        let (index, summary, problems, _) = try ingest(["papers.csv"], options: options)
        #expect(summary.added == 3 && summary.rejected == 1)
        #expect(problems.map(\.line) == [6])
        #expect(problems.first?.reason == "row has 2 fields, the header has 5")
        let hits = try index.search(SearchRequest(query: "\"second line\""))
        let paper = try #require(hits.hits.first?.paper)
        #expect(paper.title == "Graph coloring, revisited")
        #expect(paper.authors == ["Ana Díaz", "Bo Chen"])
        #expect(paper.published == "2019-01-01")
        #expect(paper.categories == ["math.CO"])
        #expect(try index.ids("four colorable") .count == 1)
    }

    @Test func tsv() throws {
        let (index, summary, _, _) = try ingest(["papers.tsv"])
        #expect(summary.added == 1)
        #expect(try index.paper(id: "2201.00007")?.published == "2022-01-15")
    }

    @Test func gzipIsDetectedByContent() throws {
        let directory = try TemporaryDirectory()
        for name in ["papers.jsonl", "feed.atom.xml", "papers.csv"] {
            let target = directory.path(name + ".data")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "gzip -c '\(Fixture.path(name))' > '\(target)'"]
            try process.run()
            process.waitUntilExit()
        }
        var options = IngestOptions()
        options.fieldMap = try FieldMap(pairs: ["abstract=Synopsis"])
        let (index, summary, _, _) = try ingest([directory.path("papers.jsonl.data"), directory.path("feed.atom.xml.data"),
                                                 directory.path("papers.csv.data")], options: options)
        #expect(summary.added == 5 + 2 + 3)
        #expect(try index.isConsistent())
    }

    @Test func corruptGzipIsReportedAndTheRestKept() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("bad.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0x00]).write(to: URL(fileURLWithPath: path))
        let (index, summary, problems, _) = try ingest([Fixture.path("papers.jsonl"), path])
        #expect(summary.added == 5)
        #expect(problems.contains { $0.path == path })
        #expect(try index.count() == 5)
    }

    @Test func invalidUTF8AndWrongTypesAreRejected() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("mixed.jsonl")
        var data = Data(#"{"id":"2101.00001","title":"Fine","abstract":"ok","submitter":"x"}"#.utf8 + [0x0A])
        data += Data(#"{"id":"2101.00002","title":"Bad "#.utf8) + Data([0xFF, 0xFE]) + Data(#"","abstract":"x"}"#.utf8 + [0x0A])
        data += Data(#"{"id":"2101.00003","title":["not","text"],"abstract":"x"}"#.utf8 + [0x0A])
        try data.write(to: URL(fileURLWithPath: path))
        let (_, summary, problems, _) = try ingest([path])
        #expect(summary.added == 1)
        #expect(problems.map(\.line) == [2, 3])
    }

    @Test func strictStopsAtTheFirstBadRecordAndKeepsNothing() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("feed.atom.xml", in: directory)
        let before = try index.count()
        var options = IngestOptions()
        options.strict = true
        options.batchSize = 1
        #expect(throws: IngestError.self) {
            try index.ingest(files: [Fixture.path("oai-arxiv.xml"), Fixture.path("papers.jsonl")], options: options)
        }
        #expect(try index.count() == before)
        #expect(try index.paper(id: "2401.00001") == nil)
        #expect(try index.isConsistent())
    }

    @Test func identicalContentIsNotRewritten() throws {
        let (index, _, _, _) = try ingest(["feed.atom.xml"])
        let before = try index.database.scalarInt("SELECT total_changes()")
        let again = try index.ingest(files: [Fixture.path("feed.atom.xml")])
        #expect(again.unchanged == 2 && again.added == 0 && again.updated == 0)
        // Only the ingest log row was written.
        #expect(try index.database.scalarInt("SELECT total_changes()") == (before ?? 0) + 1)
    }

    @Test func interruptStopsAtABatchBoundary() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("many.jsonl")
        try ConstructedCorpus(count: 100).jsonLines.write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        var options = IngestOptions()
        options.batchSize = 30
        var batches = 0
        let summary = try index.ingest(files: [path], options: options, onProgress: { _ in batches += 1 },
                                       shouldStop: { batches >= 2 })
        #expect(summary.interrupted)
        #expect(try index.count() == 60)
        #expect(try index.isConsistent())
        let rest = try index.ingest(files: [path], options: options)
        #expect(rest.added == 40 && rest.unchanged == 60)
    }
}
