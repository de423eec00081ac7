import Testing
@testable import PaperSearch

@Suite struct OptimizeTests {
    /// Searches of each kind that read FTS5's segments: words, a phrase, prefixes, fields, OR
    /// and NOT.
    static let queries = [
        "quantum", "field theory", "\"dark matter\"", "qua* field", "spin*", "title:model",
        "au:wang", "phase OR spin", "theory -quantum", "magnetic NEAR/5 field",
    ]

    /// An index of several segments (each ingest after the first writes one of its own) and
    /// its pages for ``queries``.
    private static func severalSegments(in directory: TemporaryDirectory, then file: String)
        throws -> (index: PaperIndex, segments: Int, pages: [SearchPage]) {
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        _ = try index.ingest(files: [Fixture.path(file)])
        let segments = try index.segmentCount()
        #expect(segments > 1)
        let pages = try queries.map { try SearchPage(index, $0) }
        #expect(pages.allSatisfy { $0.total > 0 })
        return (index, segments, pages)
    }

    @Test func optimizeMergesTheSegmentsIntoOneAndKeepsEveryResult() throws {
        let directory = try TemporaryDirectory()
        let (index, before, expected) = try Self.severalSegments(in: directory, then: "papers-v3.jsonl")

        let summary = try index.optimize()
        #expect(summary.mergedSegments == before)
        #expect(try index.segmentCount() == 1)
        #expect(try index.isConsistent())
        #expect(try Self.queries.map { try SearchPage(index, $0) } == expected)
        // Nothing left to merge.
        #expect(try index.optimize().mergedSegments == 0)
        #expect(try index.segmentCount() == 1)
    }

    @Test func anIngestAfterTheMergeAddsSegmentsBesideIt() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        _ = try index.optimize()
        _ = try index.ingest(files: [Fixture.path("papers-v3.jsonl")])
        let segments = try index.segmentCount()
        #expect(segments > 1)
        #expect(try index.isConsistent())
        #expect(try index.optimize().mergedSegments == segments)
    }

    @Test func aMergeInSmallStepsEndsAsOneSegment() throws {
        let directory = try TemporaryDirectory()
        let (index, before, expected) = try Self.severalSegments(in: directory, then: "listing-maximum-value.txt")
        let changes = index.database.totalChanges
        // Two FTS5 pages a step: many steps, each its own transaction.
        #expect(try index.mergeSegments(pages: 2) == before)
        #expect(index.database.totalChanges - changes > 20)
        #expect(try index.segmentCount() == 1)
        #expect(try index.isConsistent())
        #expect(try Self.queries.map { try SearchPage(index, $0) } == expected)
    }

    @Test func segmentCountReadsTheStructureRecord() {
        // Cookie, 2 levels, 3 segments, write counter 5, then levels.
        #expect(FTS5Record.segmentCount(structure: [0, 0, 0, 7, 2, 3, 5, 0, 1]) == 3)
        // A count past 127 takes two varint bytes.
        #expect(FTS5Record.segmentCount(structure: [0, 0, 0, 7, 1, 0x81, 0x02, 9]) == 130)
        #expect(FTS5Record.segmentCount(structure: [0, 0, 0]) == nil)
    }

    @Test func optimizeStoresTheColumnLengthsAnUpgradedIndexLacks() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        func stored() throws -> [String] {
            let rows = try index.database.prepare("SELECT chunk, hex(lengths) FROM field_lengths ORDER BY chunk")
            var all: [String] = []
            while try rows.step() { all.append("\(rows.int(at: 0)) \(rows.text(at: 1))") }
            return all
        }
        let expected = try stored()
        #expect(!expected.isEmpty)
        // As an index upgraded from schema 11 has it.
        try index.database.execute("DELETE FROM field_lengths")
        _ = try index.optimize()
        #expect(try stored() == expected)
    }
}
