import Foundation
import Testing
@testable import PaperSearch

@Suite struct SegmentMergingTests {
    private static func setting(_ index: PaperIndex, _ key: String) throws -> Int? {
        try index.database.scalarInt("SELECT v FROM papers_fts_config WHERE k = '\(key)'")
    }

    /// Records in batches of 20: one FTS5 segment each before any merge.
    private static var smallBatches: IngestOptions {
        var options = IngestOptions()
        options.batchSize = 20
        return options
    }

    @Test func anEmptyIndexOrALargerInputDefersTheMerges() {
        #expect(SegmentMerging(existingPapers: 0, inputBytes: 0) == .deferred)
        #expect(SegmentMerging(existingPapers: 0, inputBytes: 500) == .deferred)
        #expect(SegmentMerging(existingPapers: 1_000, inputBytes: 1_000_000) == .deferred)
        #expect(SegmentMerging(existingPapers: 1_000, inputBytes: 999_999) == .automatic)
        // Standard input: no known size.
        #expect(SegmentMerging(existingPapers: 1, inputBytes: 0) == .automatic)
    }

    @Test func aFirstLoadEndsAsOneSegmentWithTheMergesBackOn() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        var stages: [IngestStage] = []
        let summary = try index.ingest(files: [Fixture.path("arxiv-metadata-200.jsonl")], options: Self.smallBatches,
                                       onProgress: { if stages.last != $0.stage { stages.append($0.stage) } })
        #expect(summary.added == 200)
        #expect(try index.segmentCount() == 1)
        #expect(try Self.setting(index, "automerge") == 4)
        #expect(try Self.setting(index, "crisismerge") == 16)
        #expect(stages.first == .reading && stages.contains(.merging) && stages.contains(.counting))
        #expect(try index.isConsistent())

        // The same papers loaded with FTS5's own merges, as they go, find the same pages.
        let other = try TemporaryDirectory()
        let merged = try Fixture.index(in: other)
        var automatic = Self.smallBatches
        automatic.segmentMerging = .automatic
        _ = try merged.ingest(files: [Fixture.path("arxiv-metadata-200.jsonl")], options: automatic)
        for query in ["quantum", "\"neural network\"", "qua* field", "au:wang", "title:model", "spin OR phase"] {
            let ids = try index.ids(query)
            #expect(!ids.isEmpty, "\(query)")
            #expect(try merged.ids(query) == ids, "\(query)")
        }
    }

    @Test func aSmallAdditionKeepsFTS5sMerges() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        #expect(try index.segmentCount() == 1)
        var stages: [IngestStage] = []
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")],
                             onProgress: { if stages.last != $0.stage { stages.append($0.stage) } })
        // The new segment stays beside the first: nothing merged it, nothing had to.
        #expect(try index.segmentCount() == 2)
        #expect(!stages.contains(.merging))
        #expect(try index.isConsistent())
    }

    @Test func anIngestTurnsBackOnMergesAKilledLoadLeftOff() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // What a deferred load killed before its end leaves in the index.
        try index.database.execute("""
            INSERT INTO papers_fts(papers_fts, rank) VALUES ('automerge', 0);
            INSERT INTO papers_fts(papers_fts, rank) VALUES ('crisismerge', 1000)
            """)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try Self.setting(index, "automerge") == 4)
        #expect(try Self.setting(index, "crisismerge") == 16)
    }

    @Test func anInterruptedFirstLoadIsMergedToo() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        var batches = 0
        let summary = try index.ingest(files: [Fixture.path("arxiv-metadata-200.jsonl")], options: Self.smallBatches,
                                       shouldStop: {
                                           batches += 1
                                           return batches == 4
                                       })
        #expect(summary.interrupted && summary.added == 80)
        #expect(try index.segmentCount() == 1)
        #expect(try Self.setting(index, "automerge") == 4)
        #expect(try index.isConsistent())
    }
}
