import Testing
@testable import PaperSearch

@Suite struct KnownFrequencyBM25Tests {
    /// The ranking with no stored counts: every phrase counted as `bm25()` counts it.
    static let uncounted = KnownFrequencyBM25.expression(.standard, papers: -1, tokens: -1, documents: [])

    /// Every match's score from `papers_bm25` with the stored counts, and from `bm25()`.
    private func scores(_ index: PaperIndex, _ words: [String]) throws -> (known: [Double], fts5: [Double]) {
        try index.rankingScores(index.plan(words.map { .term($0, prefix: false) }))
    }

    @Test func anIngestCountsTheCommonTermsOverTheWholeIndex() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let common = try #require(try CommonTerms.load(index.database))
        let totals = try #require(try CommonTerms.totals(index.database))
        #expect(common.papers == 200 && common.papers == totals.papers && common.tokens == totals.tokens)
        let the = try index.database.scalarInt("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '\"the\"'")
        #expect(common.documents["the"] == the)
        #expect(common.documents.count > 20)
        // Stemmed as the index holds them: "results" is stored as "result".
        #expect(common.documents["result"] != nil && common.documents["results"] == nil)
    }

    @Test(arguments: [["the"], ["the", "of"], ["quantum", "the", "state"], ["we", "show", "that"]])
    func scoresAreBM25sToTheLastBit(words: [String]) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let (known, fts5) = try scores(index, words)
        #expect(!known.isEmpty)
        #expect(known == fts5)
    }

    @Test func theStoredCountsAreUsedOnlyWhileTheIndexIsTheOneCounted() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // A wrong count changes the scores: the stored counts are what the ranking reads.
        try index.database.execute("UPDATE common_terms SET documents = 3 WHERE term = 'the'")
        var (known, fts5) = try scores(index, ["quantum", "the"])
        #expect(known != fts5)
        // Once the index differs from the counted one, the function counts for itself.
        try index.database.execute("UPDATE common_terms_basis SET papers = papers + 1")
        (known, fts5) = try scores(index, ["quantum", "the"])
        #expect(known == fts5)
    }

    @Test func searchesRankAsWithoutTheCounts() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let queries = ["the model", "quantum the state", "we show that", "of the", "learning"]
        let with = try queries.map { try index.ids($0, limit: 20) }
        try index.database.execute("DELETE FROM common_terms")
        let reader = try PaperIndex(path: index.path, access: .readOnly)
        let plan = try reader.plan([.term("the", prefix: false)])
        #expect(try reader.rankExpression(plan, .standard) == Self.uncounted)
        let without = try queries.map { try reader.ids($0, limit: 20) }
        #expect(with == without)
        #expect(with.allSatisfy { !$0.isEmpty })
    }
}

extension KnownFrequencyBM25Tests {
    @Test func aSmallIngestLeavesTheCountsUnusedAndALargerOneRecounts() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let counted = try #require(try CommonTerms.basis(index.database))
        // One paper in 200 is under 1%: no recount, and the counts no longer match the index.
        #expect(try !CommonTerms.update(index.database, changes: 1) { fatalError("no recount expected") })
        #expect(try CommonTerms.basis(index.database)?.tokens == -1)
        #expect(try index.rankExpression(index.plan([.term("the", prefix: false)]), .standard)
            == Self.uncounted)
        // With the one before it, two papers reach 1%: recounted, matching the index again.
        let tokenizer = try FTS5Tokenizer.forIndex(on: index.database)
        #expect(try CommonTerms.update(index.database, changes: 1) { tokenizer })
        let recounted = try #require(try CommonTerms.basis(index.database))
        #expect(recounted.papers == counted.papers && recounted.tokens == counted.tokens)
        #expect(try index.database.scalarInt("SELECT changed FROM common_terms_basis") == 0)
    }
}

extension KnownFrequencyBM25Tests {
    @Test func aWordWithoutTokensRanksWithBM25Itself() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let plan = try index.plan([.term("the", prefix: false), .term("—", prefix: false)])
        #expect(try index.rankExpression(plan, .standard) == Self.uncounted)
    }

    @Test func anIngestCountsTheCommonTermsOfTitlesAndAuthorLists() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let common = try #require(try CommonTerms.load(index.database))
        let inTitles = try index.database.scalarInt(
            "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '{title} : (\"quantum\")'")
        #expect(common.fieldDocuments["title"]?["quantum"] == inTitles)
        #expect(common.fieldDocuments["authors"]?["m"] ?? 0 > 0)
        #expect(common.fieldDocuments["abstract"] == nil)
    }

    /// Queries whose plans mix words with fields, phrases, prefixes, NEAR and exclusions.
    static let mixed = ["au:m quantum", "ti:quantum the", "ti:of \"of the\"", "the NEAR(quantum state, 3)",
                        "the -quantum", "qu* the", "title:(of the) state", "au:m ti:of the"]

    @Test(arguments: mixed)
    func mixedQueriesScoreAsBM25ToTheLastBit(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let plan = try index.plan(try #require(ParsedQuery(query).root?.conjuncts))
        // Some phrase's count is stored: the ranking reads it instead of counting.
        let expression = try index.rankExpression(plan, .standard)
        #expect(expression != Self.uncounted, "\(expression)")
        let (known, fts5) = try index.rankingScores(plan)
        #expect(!known.isEmpty)
        #expect(known == fts5)
    }

    @Test func aFieldsStoredCountIsWhatTheRankingReads() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        // A wrong count changes the scores (the right one gives bm25()'s, above).
        try index.database.execute("UPDATE field_terms SET documents = 3 WHERE term = 'm' AND field = 'authors'")
        let plan = try index.plan(try #require(ParsedQuery("au:m quantum").root?.conjuncts))
        let (known, fts5) = try index.rankingScores(plan)
        #expect(!known.isEmpty)
        #expect(known != fts5)
    }

    /// `papers optimize` counts the prefixes held by at least 2% of the papers as FTS5 counts
    /// their queries; prefix searches rank with those counts as `bm25()` ranks them, a wrong
    /// count changes the scores, and a recount of the words empties them.
    @Test func optimizeCountsCommonPrefixesForPrefixSearches() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        #expect(try index.database.scalarInt("SELECT count(*) FROM prefix_terms") == 0)
        _ = try index.optimize()
        let common = try #require(try CommonTerms.load(index.database))
        #expect(common.prefixDocuments.count > 50)
        for (prefix, documents) in common.prefixDocuments {
            #expect(CommonTerms.prefixLengths.contains(prefix.count), "\(prefix)")
            #expect(documents >= 4, "\(prefix)")
            let counted = try index.database.scalarInt(
                "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '\"\(prefix)\"*'")
            #expect(counted == documents, "\(prefix)")
        }
        #expect(common.prefixDocuments["qua"] != nil && common.prefixDocuments["quant"] != nil)
        for query in ["qua* state", "quant* the", "(stat* OR model*) field", "ti:qua* the"] {
            let plan = try index.plan(try #require(ParsedQuery(query).root?.conjuncts))
            #expect(try index.rankExpression(plan, .standard) != Self.uncounted, "\(query)")
            let (known, fts5) = try index.rankingScores(plan)
            #expect(!known.isEmpty && known == fts5, "\(query)")
        }
        try index.database.execute("UPDATE prefix_terms SET documents = 3 WHERE prefix = 'qua'")
        index.commonTerms = nil
        let plan = try index.plan(try #require(ParsedQuery("qua* state").root?.conjuncts))
        let (known, fts5) = try index.rankingScores(plan)
        #expect(!known.isEmpty && known != fts5)
        try index.database.transaction { _ = try CommonTerms.refresh(index.database, tokenizer: try index.queryWords().stemmer) }
        #expect(try index.database.scalarInt("SELECT count(*) FROM prefix_terms") == 0)
    }
}
