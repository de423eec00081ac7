import CSQLite
import Foundation
import Testing
@testable import PaperSearch

@Suite struct FTS5TokenReplayTests {
    /// A connection with the replay installed and a table tokenized as the index's is.
    private func table(in directory: TemporaryDirectory) throws -> (Database, FTS5TokenReplay) {
        let database = try Database(path: directory.path("replay.db"), mode: .readWriteCreate)
        let replay = try FTS5TokenReplay.install(on: database)
        try database.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')")
        return (database, replay)
    }

    private func rowids(_ database: Database, matching query: String) throws -> [Int] {
        let statement = try database.prepare("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid")
        try statement.bind([.text(query)])
        var rowids: [Int] = []
        while try statement.step() { rowids.append(statement.int(at: 0)) }
        return rowids
    }

    @Test func expectedTextIsIndexedFromItsRecordedTokens() throws {
        let directory = try TemporaryDirectory()
        let (database, replay) = try table(in: directory)
        // Tokens unlike the tokenizer's, for the same bytes: the index then shows which were used.
        let text = "plain words"
        let planted = TokenizedText(text: text, bytes: Array("zebra".utf8),
                                    tokens: [.init(start: 0, span: 5, length: 5)])
        replay.expect([planted])
        try database.execute("INSERT INTO t (rowid, body) VALUES (1, '\(text)')")
        replay.clear()
        #expect(replay.replayed == 1)
        #expect(try rowids(database, matching: "zebra") == [1])
        #expect(try rowids(database, matching: "plain").isEmpty)
    }

    @Test func otherTextIsTokenizedBySQLite() throws {
        let directory = try TemporaryDirectory()
        let (database, replay) = try table(in: directory)
        let planted = TokenizedText(text: "plain words", bytes: Array("zebra".utf8),
                                    tokens: [.init(start: 0, span: 5, length: 5)])
        // A text of the same length that differs in one byte, and one expected after it.
        replay.expect([planted])
        try database.execute("INSERT INTO t (rowid, body) VALUES (1, 'plain wordz')")
        replay.clear()
        try database.execute("INSERT INTO t (rowid, body) VALUES (2, 'plain words')")
        #expect(replay.replayed == 0)
        #expect(replay.missed == 1)
        #expect(try rowids(database, matching: "zebra").isEmpty)
        #expect(try rowids(database, matching: "plain") == [1, 2])
        #expect(try rowids(database, matching: "wordz") == [1])
    }

    @Test func aSkippedTextDoesNotStopTheReplay() throws {
        let directory = try TemporaryDirectory()
        let (database, replay) = try table(in: directory)
        func planted(_ text: String, as token: String) -> TokenizedText {
            TokenizedText(text: text, bytes: Array(token.utf8), tokens: [.init(start: 0, span: 1, length: UInt16(token.utf8.count))])
        }
        // The first text expected is never asked for (an unchanged paper, a column FTS5 skips).
        replay.expect([planted("never", as: "unused"), planted("first", as: "alpha"), planted("second", as: "beta")])
        try database.execute("INSERT INTO t (rowid, body) VALUES (1, 'first'), (2, 'second')")
        replay.clear()
        #expect(replay.replayed == 2)
        #expect(try rowids(database, matching: "alpha") == [1])
        #expect(try rowids(database, matching: "beta") == [2])
    }

    /// Every (term, paper, column, position) FTS5 holds, and each paper's column sizes.
    private func contents(of index: PaperIndex) throws -> [String] {
        try index.database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances USING fts5vocab(main, papers_fts, instance)")
        let instances = try index.database.prepare("SELECT term, doc, col, offset FROM temp.instances ORDER BY 1, 2, 3, 4")
        var rows: [String] = []
        while try instances.step() {
            rows.append("\(instances.text(at: 0)) \(instances.int(at: 1)) \(instances.text(at: 2)) \(instances.int(at: 3))")
        }
        let sizes = try index.database.prepare("SELECT id, hex(sz) FROM papers_fts_docsize ORDER BY id")
        while try sizes.step() { rows.append("size \(sizes.int(at: 0)) \(sizes.text(at: 1))") }
        return rows
    }

    @Test func anIngestIndexesWhatSQLitesTokenizerWould() throws {
        let directory = try TemporaryDirectory()
        // LaTeX, accents, several formats, and papers updated in the same batch and in a later one.
        let path = directory.path("twice.jsonl")
        let v1 = try String(contentsOfFile: Fixture.path("papers-v1.jsonl"), encoding: .utf8)
        let v3 = try String(contentsOfFile: Fixture.path("papers-v3.jsonl"), encoding: .utf8)
        try (v1 + v3).write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("papers.db"), access: .readWrite)
        var options = IngestOptions()
        options.batchSize = 50
        let summary = try index.ingest(files: [Fixture.path("arxiv-metadata-200.jsonl"), Fixture.path("feed.atom.xml"),
                                               path, Fixture.path("papers-v1.jsonl")], options: options)
        let replay = try #require(index.tokenReplay)
        #expect(replay.replayed >= 3 * summary.added)
        let indexed = try contents(of: index)
        #expect(indexed.count > 10_000)
        // The same index from SQLite's tokenizer alone: nothing is expected during a rebuild.
        try index.database.execute("INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')")
        #expect(try contents(of: index) == indexed)
        #expect(try index.isConsistent())
    }
}
