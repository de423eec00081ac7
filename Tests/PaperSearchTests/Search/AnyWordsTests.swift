import Testing
@testable import PaperSearch

@Suite struct AnyWordsTests {
    private typealias Page = SearchPage

    /// Pasted text as `--any` reads it. The fixture's 200 papers: `quantum` (34), `state` and
    /// `model` are in more than a tenth of them (sets only); `entanglement`, `graph`, `spin`
    /// and `chain` in a few (lists); `grabec` in one and `zyxwv` in none (read from FTS5);
    /// `models` is `model` again, a second phrase of the same token; `one-dimensional` and the
    /// other hyphenated words are phrases of two tokens (read from FTS5).
    static let queries = [
        "quantum entanglement of a spin chain",
        "We study the entanglement entropy of graph states in a quantum spin model",
        "graph chain zyxwv",
        "grabec spin networks and models of the model",
        "A fully differential calculation in perturbative quantum chromodynamics is presented for the production of massive photon pairs at hadron colliders",
        "state model",
        "one-dimensional electron-phonon coupling in x-ray spectra",
    ]
    /// (limit, offset): first pages, a page further down, one row, and a count only.
    static let pages = [(10, 0), (1, 0), (5, 7), (20, 0), (0, 0)]

    private func pages(_ index: PaperIndex) throws -> [String: [Page]] {
        var pages: [String: [Page]] = [:]
        for query in Self.queries {
            pages[query] = try Self.pages.map { try Page(index, query, limit: $0.0, offset: $0.1, mode: .any) }
        }
        return pages
    }

    /// The plan and request `--any` makes of `query`, as the search makes them.
    private func planned(_ index: PaperIndex, _ query: String) throws -> (QueryPlan, SearchRequest) {
        var request = Page.request(query, mode: .any)
        let plan = try index.plan(index.anyConjuncts(ParsedQuery(query).root!.conjuncts, options: request.anyOptions))
        request.weights = request.weights(in: .any)
        return (plan, request)
    }

    /// The queries' pages the lists answered.
    private func answered(_ index: PaperIndex) throws -> [String: Int] {
        var answered: [String: Int] = [:]
        for query in Self.queries {
            var (plan, request) = try planned(index, query)
            for (limit, offset) in Self.pages {
                request.limit = limit
                request.offset = offset
                if try index.anyWordsRanked(plan, request: request) != nil { answered[query, default: 0] += 1 }
            }
        }
        return answered
    }

    /// The fixture is far below the real thresholds: words in 3 papers get lists, words in
    /// more than a tenth of them sets.
    private func optimize(_ index: PaperIndex) throws {
        _ = try index.optimize(minimumDocuments: 2, maximumShare: 0.1, commonKept: { _ in 60 }, postings: { _ in 3 },
                               anyWords: { _ in 3 })
    }

    @Test func anyWordSearchesReturnWhatRankingEveryMatchReturns() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // Without a basis nothing is read from lists: SQL ranks every match.
        try index.database.execute("DELETE FROM term_impacts_basis")
        #expect(try answered(index).isEmpty)
        let before = try pages(index)
        try optimize(index)
        let after = try pages(index)
        // The same papers, scores to the last bit, totals and snippets.
        for query in Self.queries { #expect(after[query] == before[query], "\(query)") }
        let answered = try answered(index)
        for query in Self.queries { #expect(answered[query] == Self.pages.count, "\(query)") }
        #expect(before[Self.queries[1]]![0].total > 50)
    }

    /// Blocks of 64 rowids (four in the fixture): the same pages as one block, and as SQL.
    @Test func blocksGiveTheSamePages() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try index.database.execute("DELETE FROM term_impacts_basis")
        let expected = try pages(index)
        try optimize(index)
        for query in Self.queries {
            var (plan, request) = try planned(index, query)
            for (number, (limit, offset)) in Self.pages.enumerated() {
                request.limit = limit
                request.offset = offset
                let whole = try #require(try index.anyWordsRanked(plan, request: request))
                let blocks = try #require(try index.anyWordsRanked(plan, request: request, blockSize: 64))
                #expect(blocks.total == whole.total && blocks.total == expected[query]![number].total, "\(query)")
                #expect(blocks.rows.map(\.paper.id) == expected[query]![number].ids, "\(query) \(limit) \(offset)")
                #expect(blocks.rows.map(\.score) == expected[query]![number].scores, "\(query) \(limit) \(offset)")
                #expect(whole.rows.map(\.score) == blocks.rows.map(\.score), "\(query)")
            }
        }
    }

    /// Schema version 14 moves the lists to tables keyed by rowid: an index optimized before it
    /// keeps its lists, and they still answer the searches.
    @Test func listsStoredBeforeVersion14AreCarriedOver() throws {
        let directory = try TemporaryDirectory()
        let rows = "SELECT group_concat(term || '/' || field || '/' || papers || '/' || hex(postings), ';') FROM (SELECT * FROM term_postings ORDER BY term, field)"
        let impacts = "SELECT group_concat(term || '/' || field || '/' || documents || '/' || hex(ranked), ';') FROM (SELECT * FROM term_impacts ORDER BY term, field)"
        let (path, expected, postings, ranked) = try {
            let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
            try optimize(index)
            return (index.path, try pages(index), try index.database.scalarText(rows), try index.database.scalarText(impacts))
        }()
        #expect((postings?.count ?? 0) > 1_000 && (ranked?.count ?? 0) > 1_000)
        // The tables as version 13 declared them, with the same rows.
        try Database(path: path, mode: .readWriteExisting).execute("""
            CREATE TABLE old_postings (term TEXT NOT NULL, field TEXT NOT NULL, papers INTEGER NOT NULL,
                                       postings BLOB NOT NULL, PRIMARY KEY (term, field)) WITHOUT ROWID;
            INSERT INTO old_postings SELECT term, field, papers, postings FROM term_postings;
            DROP TABLE term_postings;
            ALTER TABLE old_postings RENAME TO term_postings;
            CREATE TABLE old_impacts (term TEXT NOT NULL, field TEXT NOT NULL, documents INTEGER NOT NULL,
                                      ranked BLOB NOT NULL, PRIMARY KEY (term, field)) WITHOUT ROWID;
            INSERT INTO old_impacts SELECT term, field, documents, ranked FROM term_impacts;
            DROP TABLE term_impacts;
            ALTER TABLE old_impacts RENAME TO term_impacts;
            PRAGMA user_version = 13;
            """)
        let reader = try PaperIndex(path: path, access: .readOnly)
        #expect(try reader.database.scalarInt("PRAGMA user_version") == 14)
        for table in ["term_postings", "term_impacts"] {
            let declaration = try reader.database.scalarText("SELECT sql FROM sqlite_schema WHERE name = '\(table)'")
            #expect(declaration?.contains("WITHOUT ROWID") == false && declaration?.contains("UNIQUE (term, field)") == true)
        }
        #expect(try reader.database.scalarText(rows) == postings)
        #expect(try reader.database.scalarText(impacts) == ranked)
        for query in Self.queries { #expect(try pages(reader)[query] == expected[query], "\(query)") }
        for query in Self.queries { #expect(try answered(reader)[query] == Self.pages.count, "\(query)") }
    }

    @Test func aLaterWriteLeavesTheListsUnused() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        #expect(try !answered(index).isEmpty)
        _ = try index.ingest(files: [Fixture.path("papers.jsonl")])
        #expect(try answered(index).isEmpty)
        #expect(try Page(index, Self.queries[0], mode: .any).total > 0)
    }

    @Test func storedListsHoldEachColumnsCount() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        try optimize(index)
        let count = try index.database.prepare(
            "SELECT rowid, count(*) FROM papers_fts WHERE papers_fts MATCH ?1 GROUP BY rowid ORDER BY rowid")
        var checked = 0
        let stemmer = try index.queryWords().stemmer
        for word in ["entanglement", "graph", "spin", "chain"] {
            let token = try #require(stemmer.queryTokens(word, prefix: false).first)
            let stored = try #require(try FieldPostingsReader.load(index.database, token: token))
            let list = try #require(stored.bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: stored.count) })
            #expect(list.rowids.count >= 3 && list.rowids == list.rowids.sorted())
            // Each column's papers, as FTS5 matches the word in that column alone.
            for (column, field) in ["title", "abstract", "authors"].enumerated() {
                count.reset()
                try count.bind([.text("{\(field)} : \"\(word)\"")])
                var expected: [Int: Int] = [:]
                while try count.step() { expected[count.int(at: 0)] = 1 }
                let held = Set(zip(list.rowids, list.counts).filter {
                    let counts = FieldPostings.unpack($0.1)
                    return [counts.title, counts.abstract, counts.authors][column] > 0
                }.map(\.0))
                #expect(held == Set(expected.keys), "\(token) \(field)")
            }
            // The standard ranking's sums, from the same list.
            let weighted = try #require(try StoredPostings.load(index.database, token: token, field: nil)?.decoded())
            let read = try #require(try TermPostings.read(index.database, expression: "\"\(word)\""))
            #expect(weighted == read)
            checked += 1
        }
        #expect(checked == 4)
    }

    @Test func theStoredFormKeepsEveryCount() throws {
        let values: [(Int, Int, Int)] = [(0, 1, 0), (1, 2, 0), (0, 15, 3), (2, 1, 1), (0, 16, 0), (0, 1, 4), (3, 200, 9),
                                         (1, 0, 0), (0, 0, 1), (70, 0, 0)]
        let rowids = [0, 5, 200, 201, 90_000, 90_001, 1_000_000, 1_000_127, 1_000_255, 2_000_000]
        let counts = try values.map { try #require(FieldPostings.pack(title: $0.0, abstract: $0.1, authors: $0.2)) }
        let list = FieldPostings(rowids: rowids, counts: counts)
        let bytes = list.bytes
        let decoded = bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count) }
        #expect(decoded == list)
        #expect(decoded?.bytes == bytes)
        #expect(zip(values, counts).allSatisfy { value, packed in
            FieldPostings.unpack(packed) == (title: value.0, abstract: value.1, authors: value.2)
        })
        // A word once in the abstract, near the paper before: one byte; elsewhere, two.
        #expect(FieldPostings(rowids: [3], counts: [counts[0]]).bytes.count == 2)
        #expect(FieldPostings(rowids: [3], counts: [counts[1]]).bytes.count == 3)
        // Truncated, or with a paper too many, it is not a list.
        #expect(bytes.dropLast().withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count) } == nil)
        #expect(bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count - 1) } == nil)
        #expect(FieldPostings.pack(title: 1 << 21, abstract: 0, authors: 0) == nil)
        // The standard ranking's sum: title 10, abstract 1, authors 3.
        #expect(FieldPostings.weighted(counts[6]) == 30 + 200 + 27)
    }

    @Test func aReaderGivesEachPaperOnceAndFindsItsCountsAgain() throws {
        // 300 papers: gaps of one, two and three bytes, counts once in the abstract and not.
        var rowids: [Int] = []
        var counts: [UInt64] = []
        var rowid = 0
        for number in 0..<300 {
            rowid += number % 5 == 0 ? (number % 3 == 0 ? 20_000 : 2_000) + number : 1 + number % 5
            rowids.append(rowid)
            counts.append(try #require(FieldPostings.pack(title: number % 9 == 1 ? 1 : 0, abstract: 1 + number % 4,
                                                          authors: number % 11 == 0 ? 2 : 0)))
        }
        let list = FieldPostings(rowids: rowids, counts: counts)
        #expect(Set(counts).count > 2 && counts.filter { $0 == FieldPostings.once }.count > 30)
        #expect(list.bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count) } == list)
        var reader = FieldPostingsReader(list)
        // Before the whole list is read, no paper's counts are known.
        #expect(reader.counts(of: rowids[0]) == nil)
        var given: [(Int, UInt64)] = []
        for end in stride(from: 1_000, through: rowid + 1_000, by: 1_000) {
            #expect(reader.read(below: end) { rowid, counts in
                given.append((rowid, counts))
                return rowid < end
            })
        }
        #expect(reader.isComplete)
        #expect(given.map(\.0) == rowids && given.map(\.1) == counts)
        for (rowid, value) in zip(rowids, counts) {
            #expect(reader.counts(of: rowid) == value)
            #expect(reader.counts(of: rowid + 1) == (rowids.contains(rowid + 1) ? counts[rowids.firstIndex(of: rowid + 1)!] : nil))
        }
        #expect(reader.counts(of: 0) == nil)
        // A list cut short reads to its end and is not complete; one with a paper too many is
        // not complete either.
        let bytes = list.bytes
        var cut = try #require(FieldPostingsReader(bytes: Array(bytes.dropLast(3)), count: rowids.count))
        #expect(!cut.read(below: Int.max) { _, _ in true })
        #expect(!cut.isComplete)
        var short = try #require(FieldPostingsReader(bytes: bytes, count: rowids.count - 1))
        #expect(short.read(below: Int.max) { _, _ in true })
        #expect(!short.isComplete)
    }
}
