import Testing
@testable import PaperSearch

@Suite struct WordPairsTests {
    /// Tokens of the 200 real papers by the number of papers holding them, most first; only
    /// tokens a query finds as themselves (the stemmer leaves them as they are), so a phrase
    /// of them can be searched for.
    private func tokensByPapers(_ index: PaperIndex) throws -> [String] {
        try index.database.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, papers_fts, row)")
        let rows = try index.database.prepare("SELECT term FROM temp.vocabulary ORDER BY doc DESC, term")
        let stemmer = try index.queryWords().stemmer
        var tokens: [String] = []
        while try rows.step() {
            let token = rows.text(at: 0)
            if stemmer.queryTokens(token, prefix: false) == [token] { tokens.append(token) }
        }
        return tokens
    }

    /// The lists built from the papers' text, by key.
    private func build(_ index: PaperIndex, common: [String], listed: [String], fewest: Int,
                       bufferLimit: Int = WordPairs.bufferLimit) throws -> [String: TermPostings] {
        var lists: [String: TermPostings] = [:]
        let count = try WordPairs.build(index.database, tokenizer: try index.queryWords().stemmer, common: common,
                                        listed: listed, weights: [10, 1, 3], fewest: fewest,
                                        bufferLimit: bufferLimit) { key, papers, list in
            lists[key] = list.withUnsafeBytes { TermPostings(bytes: $0, count: papers) }
        }
        #expect(count == lists.count)
        return lists
    }

    /// Every phrase of a common token and a listed one, in either order, is stored when
    /// `fewest` papers hold it, with exactly the papers FTS5 matches for the phrase and the
    /// weighted instances `papers_bm25` sums in each (10 in a title, 1 in the abstract, 3 in
    /// the authors); no other is.
    @Test func eachPhraseHasThePapersAndWeightedInstancesFTS5Finds() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let tokens = try tokensByPapers(index)
        let common = Array(tokens.prefix(10))
        let listed = Array(tokens[20..<100])
        let all = try build(index, common: common, listed: listed, fewest: 1)
        let some = try build(index, common: common, listed: listed, fewest: 3)
        // Lists moved out of memory part by part are joined back the same.
        #expect(try build(index, common: common, listed: listed, fewest: 1, bufferLimit: 64) == all)
        #expect(try index.database.scalarInt("SELECT count(*) FROM sqlite_temp_master WHERE name = 'word_pair_parts'") == 0)
        var found = 0
        for first in common {
            for second in listed {
                for (a, b) in [(first, second), (second, first)] {
                    let truth = try #require(try TermPostings.read(index.database, expression: "\"\(a) \(b)\""))
                    let key = WordPairs.key(a, b)
                    if truth.count == 0 {
                        #expect(all[key] == nil, "\(key)")
                        continue
                    }
                    found += 1
                    #expect(all[key] == truth, "\(key)")
                    #expect(some[key] == (truth.count >= 3 ? truth : nil), "\(key)")
                }
            }
        }
        #expect(all.count == found)
        // Enough phrases, and some of them in titles, to mean something.
        #expect(found > 100 && some.count > 20)
        #expect(all.values.contains { $0.frequencies.contains { $0 >= 10 } })
    }

    /// Common tokens side by side and listed tokens side by side make no phrase here; nor does
    /// a token listed as common too.
    @Test func onlyPhrasesOfOneCommonAndOneListedTokenAreBuilt() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let tokens = try tokensByPapers(index)
        let common = Array(tokens.prefix(10))
        let lists = try build(index, common: common, listed: Array(tokens.prefix(40)), fewest: 1)
        #expect(!lists.isEmpty)
        for key in lists.keys {
            let parts = key.split(separator: " ").map(String.init)
            #expect(parts.count == 2 && common.contains(parts[0]) != common.contains(parts[1]), "\(key)")
        }
    }

    /// An index of one paper (the first of the two passes reads nothing) and an empty one.
    @Test func oneOrNoPaperIsListedAsFTS5FindsIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("one.jsonl")
        let record = #"{"id": "2401.00001", "title": "The model of the graph", "abstract": "We show the graph of a model and the model of a graph.", "categories": "cs.LG", "authors": "Ana Graph"}"#
        try record.write(toFile: path, atomically: true, encoding: .utf8)
        let index = try PaperIndex(path: directory.path("one.db"), access: .readWrite)
        let empty = try build(index, common: ["the", "of"], listed: ["graph", "model"], fewest: 1)
        #expect(empty.isEmpty)
        _ = try index.ingest(files: [path])
        let lists = try build(index, common: ["the", "of", "a"], listed: ["graph", "model"], fewest: 1)
        #expect(lists.keys.sorted() == ["a graph", "a model", "graph of", "model of", "the graph", "the model"])
        for (key, list) in lists {
            #expect(list == (try TermPostings.read(index.database, expression: "\"\(key)\"")), "\(key)")
        }
        // "the model": once in the title (10), once in the abstract (1).
        #expect(lists["the model"]?.frequencies == [11])
    }
}
