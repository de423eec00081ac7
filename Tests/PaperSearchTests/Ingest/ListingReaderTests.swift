import Testing
@testable import PaperSearch

@Suite struct ListingReaderTests {
    @Test func copiedListingYields33Papers() throws {
        let reader = ListingReader(lines: try LineReader(path: Fixture.path("listing-maximum-value.txt")))
        var papers: [Paper] = []
        var problems: [IngestProblem] = []
        while let record = try reader.next() {
            switch record {
            case .paper(let paper, _): papers.append(paper)
            case .rejected(let problem): problems.append(problem)
            }
        }
        #expect(problems.isEmpty)
        #expect(papers.count == 33)
        #expect(papers.first?.title == "Distributed Maximum Consensus over Noisy Links")
        #expect(papers.first?.abstract.hasPrefix("We introduce a distributed algorithm") == true)
        #expect(papers.last?.title == "Optimizing Mario Adventures in a Constrained Environment")
        #expect(Set(papers.map(\.id)).count == 33)
        #expect(!papers.contains { $0.title.hasPrefix("Get trending") || $0.abstract.hasPrefix("Get trending") })
    }

    @Test func chromeRemoval() {
        #expect(ListingReader.withoutChrome("Get trending papers in your email inbox!") == "")
        #expect(ListingReader.withoutChrome("SubscribeDistributed Maximum") == "Distributed Maximum")
        #expect(ListingReader.withoutChrome("Subscriber models of churn") == "Subscriber models of churn")
    }

    @Test func titleWithoutAbstractIsRejectedWithItsLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("listing.txt")
        try "A title\nIts abstract, long enough.\n\nA dangling title\n".write(toFile: path, atomically: true, encoding: .utf8)
        let reader = ListingReader(lines: try LineReader(path: path))
        guard case .paper(let paper, let line) = try reader.next() else { Issue.record("expected a paper"); return }
        #expect(paper.title == "A title" && line == 1)
        guard case .rejected(let problem) = try reader.next() else { Issue.record("expected a rejection"); return }
        #expect(problem.line == 4)
        #expect(try reader.next() == nil)
    }
}

extension ReadRecord: Equatable {
    public static func == (lhs: ReadRecord, rhs: ReadRecord) -> Bool {
        switch (lhs, rhs) {
        case let (.paper(a, l1), .paper(b, l2)): a == b && l1 == l2
        case let (.rejected(a), .rejected(b)): a == b
        default: false
        }
    }
}
