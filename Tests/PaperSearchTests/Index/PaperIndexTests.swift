import Foundation
import Testing
import PaperSchema
@testable import PaperSearch

@Suite struct PaperIndexTests {
    @Test func readOnlyWithoutIndexSaysHowToIngest() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("none.db")
        #expect(throws: PaperIndexError.noIndex(path: path)) { try PaperIndex(path: path, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(PaperIndexError.noIndex(path: path).description.contains("papers ingest"))
    }

    @Test func createsDirectoriesAndRecordsTheSchemaVersion() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("a/b/papers.db")
        let index = try PaperIndex(path: path, access: .readWrite)
        #expect(try index.database.scalarInt("PRAGMA user_version") == SchemaMigrations.all.count)
        #expect(try index.database.scalarInt("PRAGMA application_id") == Int(PaperIndex.applicationID))
        #expect(try index.database.scalarText("PRAGMA journal_mode") == "wal")
    }

    @Test func refusesAFileThatIsNotAnIndexAndLeavesItUntouched() throws {
        let directory = try TemporaryDirectory()
        let text = directory.path("notes.txt")
        let content = Data(String(repeating: "my precious notes\n", count: 400).utf8)
        try content.write(to: URL(fileURLWithPath: text))
        for access in [PaperIndex.Access.readWrite, .readOnly] {
            #expect(throws: PaperIndexError.notAnIndex(path: text, detail: "not an SQLite database")) {
                try PaperIndex(path: text, access: access)
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: text)) == content)
    }

    @Test func refusesAnotherApplicationsDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.db")
        do {
            let other = try Database(path: path, mode: .readWriteCreate)
            try other.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: PaperIndexError.notAnIndex(path: path, detail: "an SQLite database with other tables")) {
            try PaperIndex(path: path, access: .readWrite)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func defaultPathFollowsTheEnvironment() {
        #expect(PaperIndex.defaultPath(environment: ["PAPERS_DB": "/x/p.db", "XDG_DATA_HOME": "/d"]) == "/x/p.db")
        #expect(PaperIndex.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/papers/papers.db")
        #expect(PaperIndex.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/papers/papers.db")
    }

    @Test func sqliteErrorsCarryCodeMessageAndSQL() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.path("x.db"), mode: .readWriteCreate)
        do {
            try database.execute("SELEC 1")
            Issue.record("expected an error")
        } catch let error as SQLiteError {
            #expect(error.code == 1)
            #expect(error.sql == "SELEC 1")
            #expect(error.description.hasPrefix("SQLite error 1: near \"SELEC\": syntax error - while executing `SELEC 1`"))
        }
    }
}

@Suite struct StatementTests {
    @Test func textWithNULAndEmptyTextBindAsText() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.path("x.db"), mode: .readWriteCreate)
        let statement = try database.prepare("SELECT length(CAST(?1 AS BLOB)), typeof(?2), length(?2)")
        try statement.bind([.text("a\u{0}b"), .text("")])
        #expect(try statement.step())
        #expect(statement.int(at: 0) == 3)
        #expect(statement.text(at: 1) == "text")
        #expect(statement.int(at: 2) == 0)
    }

    @Test func ingestGivesFreedPagesBackAndKeepsTheBulkSettings() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        #expect(try index.database.scalarInt("PRAGMA auto_vacuum") == 2)
        #expect(try index.database.scalarInt("SELECT v FROM papers_fts_config WHERE k = 'hashsize'") == 16 * 1_048_576)
        #expect(try index.database.scalarInt("PRAGMA cache_size") == -PaperIndex.pageCacheKiB)
        // Free pages, as FTS5 merges leave them: drop a table's worth, then ingest again.
        try index.database.execute("CREATE TABLE scratch(x)")
        try index.database.execute("INSERT INTO scratch SELECT randomblob(4000) FROM papers")
        try index.database.execute("DROP TABLE scratch")
        let freed = try index.database.scalarInt("PRAGMA freelist_count") ?? 0
        #expect(freed > 20)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try index.database.scalarInt("PRAGMA freelist_count") == 0)
        #expect(try index.isConsistent())
    }

    /// Makes the index an older papers would have left: only the first `version` migrations,
    /// holding the same papers as `source`, with its FTS index built by those migrations' rules.
    private func olderIndex(version: Int, at path: String, from source: String) throws {
        let old = try Database(path: path, mode: .readWriteCreate)
        try old.execute("PRAGMA page_size = \(PaperIndex.pageSize); PRAGMA auto_vacuum = INCREMENTAL")
        for migration in SchemaMigrations.all.prefix(version) { try old.execute(migration.sql) }
        try old.execute("""
            PRAGMA application_id = \(PaperIndex.applicationID);
            PRAGMA user_version = \(version);
            ATTACH '\(source)' AS source;
            INSERT INTO papers SELECT * FROM source.papers;
            INSERT INTO paper_categories SELECT * FROM source.paper_categories;
            INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
            DETACH source;
            """)
    }

    @Test(arguments: [1, 2])
    func aReaderUpgradesAnIndexMadeByAnOlderPapers(version: Int) throws {
        let directory = try TemporaryDirectory()
        let current = try PaperIndex(path: directory.path("current.db"), access: .readWrite)
        _ = try current.ingest(files: [Fixture.path("papers.jsonl"), Fixture.path("arxiv-metadata-200.jsonl")])
        let path = directory.path("old.db")
        try olderIndex(version: version, at: path, from: current.path)
        let declaration = "SELECT sql FROM sqlite_schema WHERE name = 'papers_fts'"
        #expect(try Database(path: path, mode: .readOnly).scalarText(declaration)?.contains("prefix = '2 3'") == true)

        let reader = try PaperIndex(path: path, access: .readOnly)
        #expect(try reader.database.scalarInt("PRAGMA user_version") == SchemaMigrations.all.count)
        #expect(try reader.database.scalarInt("PRAGMA cache_size") == -PaperIndex.pageCacheKiB)
        #expect(try reader.database.scalarInt(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'papers_published_by_rowid'") == 1)
        #expect(try reader.database.scalarText(declaration)?.contains("prefix = '3'") == true)
        #expect(try reader.database.scalarInt("PRAGMA freelist_count") == 0)
        #expect(try PaperIndex(path: path, access: .readWrite).isConsistent())
        var request = SearchRequest(query: "noisy year:2000..2030")
        request.facets = [.year]
        let results = try reader.search(request)
        #expect(results.total == 2)
        #expect(try results.facets[.year] == current.search(request).facets[.year])
        // The rebuilt FTS index finds what the current one finds, short prefixes included.
        for query in ["noisy", "no*", "qua*", "graph neural", "\"noisy links\"", "au:smith"] {
            #expect(try reader.ids(query) == current.ids(query), "\(query)")
        }
        #expect(try !reader.ids("no*").isEmpty)
    }

    @Test func dateFiltersAndTheYearFacetOfATextQueryReadTheNarrowIndex() throws {
        let directory = try TemporaryDirectory()
        let index = try PaperIndex(path: directory.path("p.db"), access: .readWrite)
        let plan = try QueryPlan(conjuncts: ParsedQuery("noisy year:2020..2023").root!.conjuncts)
        for columns in [PaperIndex.PaperColumns.none, .date] {
            let (from, values) = index.selection(plan, reading: columns)
            let steps = try index.database.prepare("EXPLAIN QUERY PLAN SELECT count(*) \(from)")
            try steps.bind(values)
            var detail: [String] = []
            while try steps.step() { detail.append(steps.text(at: 3)) }
            #expect(detail.contains { $0.contains("COVERING INDEX papers_published_by_rowid") }, "\(detail)")
            #expect(!detail.contains { $0.contains("INTEGER PRIMARY KEY") }, "\(detail)")
        }
    }
}
