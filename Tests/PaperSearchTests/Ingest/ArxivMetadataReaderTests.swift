import Testing
@testable import PaperSearch

@Suite struct ArxivMetadataReaderTests {
    private func read(_ name: String) throws -> (papers: [(Paper, Int)], problems: [IngestProblem]) {
        let reader = ArxivMetadataReader(lines: try LineReader(path: Fixture.path(name)))
        var papers: [(Paper, Int)] = []
        var problems: [IngestProblem] = []
        while let record = try reader.next() {
            switch record {
            case .paper(let paper, let line): papers.append((paper, line))
            case .rejected(let problem): problems.append(problem)
            }
        }
        return (papers, problems)
    }

    @Test func readsAndNormalizesRecords() throws {
        let (papers, _) = try read("papers.jsonl")
        let paper = try #require(papers.first?.0)
        #expect(paper.id == "2301.01234")
        #expect(paper.title == "Graph neural networks for noisy links")
        #expect(paper.abstract == "We study graph neural networks when links are noisy. Our method is robust.")
        #expect(paper.authors == ["Ana Díaz", "Bo Chen"])
        #expect(paper.categories == ["cs.LG", "stat.ML"])
        #expect(paper.published == "2023-01-03")
        #expect(paper.updated == "2023-02-10")
        #expect(paper.doi == "10.1000/xyz.123")
        #expect(paper.versions.map(\.version) == ["v1", "v2"])
        #expect(paper.latestVersion == 2)
        #expect(papers.map(\.1) == [1, 2, 3, 5, 8])
    }

    @Test func badRecordsAreReportedWithTheirLines() throws {
        let (papers, problems) = try read("papers.jsonl")
        #expect(papers.count == 5)
        #expect(problems.map(\.line) == [4, 6])
        #expect(problems[0].description.hasSuffix("papers.jsonl:4: " + problems[0].reason))
        #expect(problems[0].reason.hasPrefix("invalid JSON"))
        #expect(problems[1].reason == "record has neither a title nor an abstract")
    }

    @Test func rfc2822Dates() {
        #expect(ArxivDate.day(fromRFC2822: "Mon, 2 Apr 2007 19:18:42 GMT") == "2007-04-02")
        #expect(ArxivDate.day(fromRFC2822: "Tue, 14 Dec 1999 00:00:00 GMT") == "1999-12-14")
        #expect(ArxivDate.day(fromRFC2822: "Sat, 1 Jan 0999 00:00:00 GMT") == "0999-01-01")
        #expect(ArxivDate.day(fromRFC2822: "garbage") == nil)
    }
}
