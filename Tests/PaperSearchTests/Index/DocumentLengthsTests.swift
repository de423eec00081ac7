import Foundation
import Testing
@testable import PaperSearch

@Suite struct DocumentLengthsTests {
    /// Every paper's length as FTS5's docsize table holds it, and as `document_lengths` does.
    private func lengths(_ index: PaperIndex) throws -> (docsize: [Int: Int], stored: [Int: Int]) {
        var docsize: [Int: Int] = [:]
        let rows = try index.database.prepare("SELECT id, sz FROM papers_fts_docsize")
        while try rows.step() { docsize[rows.int(at: 0)] = FTS5Record.integers(rows.blob(at: 1)).reduce(0, +) }
        var stored: [Int: Int] = [:]
        let chunks = try index.database.prepare("SELECT chunk, lengths FROM document_lengths")
        while try chunks.step() {
            for (offset, length) in DocumentLengths.decode(chunks.blob(at: 1)).enumerated() where length != 0 {
                stored[chunks.int(at: 0) * DocumentLengths.chunkSize + offset] = Int(length)
            }
        }
        return (docsize, stored)
    }

    /// The ranking's scores for `query` with the stored lengths, and FTS5's `bm25()`'s.
    private func scores(_ index: PaperIndex, _ query: String) throws -> (stored: [Double], fts5: [Double]) {
        try index.rankingScores(index.plan(ParsedQuery(query).root!.conjuncts))
    }

    @Test func anIngestStoresEveryLengthAsFTS5CountsIt() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", "papers.jsonl", in: directory)
        let (docsize, stored) = try lengths(index)
        #expect(docsize.count > 200)
        #expect(stored == docsize)
    }

    @Test(arguments: ["quantum", "the of", "\"quantum state\"", "ti:quantum", "quant* the", "au:wang", "state -quantum"])
    func scoresAreBM25sToTheLastBit(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let (stored, fts5) = try scores(index, query)
        #expect(!stored.isEmpty)
        #expect(stored == fts5)
    }

    @Test func theRankingReadsTheStoredLengthsAndAsksFTS5ForTheOnesItLacks() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // Wrong lengths change the scores: the stored ones are what the ranking reads.
        let ones = DocumentLengths.encode([UInt16](repeating: 1, count: DocumentLengths.chunkSize))
        let update = try index.database.prepare("UPDATE document_lengths SET lengths = ?1")
        try update.bind([.blob(ones)])
        try update.step()
        index.documentLengths.reset()
        var (stored, fts5) = try scores(index, "quantum")
        #expect(stored != fts5)
        // Without them, FTS5's own lengths give bm25()'s scores.
        try index.database.execute("DELETE FROM document_lengths")
        index.documentLengths.reset()
        (stored, fts5) = try scores(index, "quantum")
        #expect(stored == fts5)
    }

    @Test func anUpdatedPaperGetsItsNewLengthAndAReaderSeesIt() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("papers.jsonl", in: directory)
        let reader = try PaperIndex(path: index.path, access: .readOnly)
        let before = try scores(reader, "noisy")
        #expect(before.stored == before.fts5 && !before.stored.isEmpty)
        // The same paper with a longer abstract, a newer version.
        let longer = directory.path("longer.jsonl")
        try #"{"id":"2301.01234","title":"Graph neural networks for noisy links","authors":"Ana Diaz","abstract":"Noisy links everywhere, noisy links in graphs, and many more words that make this abstract longer than it was before.","versions":[{"version":"v9","created":"Mon, 1 Jan 2024 00:00:00 GMT"}]}"#
            .write(toFile: longer, atomically: true, encoding: .utf8)
        let summary = try index.ingest(files: [longer])
        #expect(summary.updated == 1)
        let (docsize, stored) = try lengths(index)
        #expect(stored == docsize)
        // Another connection's commit: the reader drops what it had read.
        let after = try scores(reader, "noisy")
        #expect(after.stored == after.fts5)
        #expect(after.stored != before.stored)
    }

    @Test func lengthsCrossChunksAndAnIngestFillsTheChunksAnOlderIndexLacks() throws {
        let directory = try TemporaryDirectory()
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        // A paper at rowid 8190, so the next ones start two rowids before chunk 2.
        try index.database.execute("""
            INSERT INTO papers (rowid, id, title, abstract, authors, categories, source, content_hash)
            VALUES (8190, 'x/1', 'A placed paper', 'Placed at a chunk boundary on purpose.', 'P. Laced', 'cs.DB', 'test', 0);
            INSERT INTO papers_fts (rowid, title, abstract, authors) SELECT rowid, title, abstract, authors FROM papers;
            """)
        _ = try index.ingest(files: [Fixture.path("arxiv-metadata-200.jsonl")])
        var (docsize, stored) = try lengths(index)
        #expect(docsize.keys.min() == 8190 && docsize.keys.max() == 8390)
        #expect(stored == docsize)
        #expect(try index.database.scalarText("SELECT group_concat(chunk) FROM document_lengths") == "0,1,2")

        // As an index upgraded from schema 4 has it: no lengths at all. Searches still rank
        // as bm25() does, and the next ingest stores them all.
        try index.database.execute("DELETE FROM document_lengths")
        index.documentLengths.reset()
        let (scored, fts5) = try scores(index, "quantum")
        #expect(scored == fts5)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        (docsize, stored) = try lengths(index)
        #expect(stored == docsize)
        #expect(try index.isConsistent())
    }

    // MARK: - Column lengths (schema 12)

    /// Every paper's column lengths as FTS5's docsize table holds them, and as `field_lengths`
    /// does (stored plus one).
    private func columnLengths(_ index: PaperIndex) throws -> (docsize: [Int: [Int]], stored: [Int: [Int]]) {
        var docsize: [Int: [Int]] = [:]
        let rows = try index.database.prepare("SELECT id, sz FROM papers_fts_docsize")
        while try rows.step() { docsize[rows.int(at: 0)] = FTS5Record.integers(rows.blob(at: 1)) }
        var stored: [Int: [Int]] = [:]
        let chunks = try index.database.prepare("SELECT chunk, lengths FROM field_lengths")
        while try chunks.step() {
            let values = DocumentLengths.decode(chunks.blob(at: 1))
            for paper in 0..<(values.count / 3) where values[3 * paper] != 0 {
                stored[chunks.int(at: 0) * DocumentLengths.chunkSize + paper] = values[(3 * paper)..<(3 * paper + 3)].map { Int($0) - 1 }
            }
        }
        return (docsize, stored)
    }

    /// The fielded ranking's score of every match of `query`, by rowid.
    private func fieldedScores(_ index: PaperIndex, _ query: String) throws -> [Int: Double] {
        let ranked = try index.rankAll(index.plan(ParsedQuery(query).root!.conjuncts), weights: .fielded, keeping: 10_000).ranked
        return Dictionary(uniqueKeysWithValues: ranked.map { ($0.rowid, $0.score) })
    }

    static let anyQueries = [
        "quantum OR state OR field OR the", "\"quantum state\" OR spin*", "ti:quantum OR au:wang OR graph", "energy",
    ]

    @Test func anIngestStoresEveryColumnLengthAsFTS5CountsIt() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", "papers.jsonl", in: directory)
        _ = try index.ingest(files: [Fixture.path("papers-v3.jsonl")])
        let (docsize, stored) = try columnLengths(index)
        #expect(docsize.count > 200)
        #expect(docsize.values.allSatisfy { $0.count == 3 })
        #expect(stored == docsize)
    }

    @Test func fieldedScoresAreTheSameWithAndWithoutTheStoredColumnLengths() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let withStored = try Self.anyQueries.map { try fieldedScores(index, $0) }
        #expect(withStored.allSatisfy { $0.count > 1 })
        // Wrong lengths change the scores: the stored ones are what the ranking reads.
        let twos = DocumentLengths.encode([UInt16](repeating: 2, count: 3 * DocumentLengths.chunkSize))
        let update = try index.database.prepare("UPDATE field_lengths SET lengths = ?1")
        try update.bind([.blob(twos)])
        try update.step()
        index.ranking.fieldLengths.reset()
        #expect(try fieldedScores(index, Self.anyQueries[0]) != withStored[0])
        // Without them, FTS5's own column sizes give the same scores to the last bit.
        try index.database.execute("DELETE FROM field_lengths")
        index.ranking.fieldLengths.reset()
        #expect(try Self.anyQueries.map { try fieldedScores(index, $0) } == withStored)
        // The next ingest stores them all again, as for an index upgraded from schema 11.
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        let (docsize, stored) = try columnLengths(index)
        #expect(stored == docsize)
        #expect(try index.isConsistent())
    }
}
