import Testing
@testable import PaperSearch

@Suite struct TextScorerTests {
    /// Every match of each query, scored from its text and by `papers_bm25` in SQL: the same
    /// to the last bit, whether the counts are stored or counted (`au:wang`, `grabec` are not
    /// common enough to be stored on the fixture), with prefixes (a prefix's instances are
    /// the tokens that start with it).
    @Test(arguments: ["quantum state", "the of", "the quantum field", "au:wang quantum", "title:quantum the",
                      "grabec", "abstract:field theory", "we show entanglement", "con* quantum", "quant* the*",
                      "state pro*", "entang* stat*"])
    func scoresEqualThoseOfTheRankingFunction(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
        let scorer = try #require(try TextScorer(plan, weights: .standard, index: index))
        let statement = try index.database.prepare(
            "SELECT rowid, \(try index.rankExpression(plan, .standard)) FROM papers_fts WHERE papers_fts MATCH ?1")
        try statement.bind([.text(plan.match!)])
        var compared = 0
        while try statement.step() {
            let text = try #require(try scorer.score(statement.int(at: 0), in: index))
            #expect(text.bitPattern == statement.double(at: 1).bitPattern, "\(query) \(statement.int(at: 0))")
            compared += 1
        }
        #expect(compared > 0)
    }

    @Test func onlySingleWordsOrPrefixesWithWholeWeightsAreScoredFromText() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        for query in ["\"quantum state\"", "\"quant* state\"", "quantum OR state", "title:quant* state"] {
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            #expect(try TextScorer(plan, weights: .standard, index: index) == nil, "\(query)")
        }
        let plan = try index.plan(ParsedQuery("quantum state").root!.conjuncts)
        #expect(try TextScorer(plan, weights: RankingWeights(title: 2.5, abstract: 1, authors: 1), index: index) == nil)
        #expect(try TextScorer(plan, weights: .fielded, index: index) == nil)
        #expect(try TextScorer(plan, weights: .standard, index: index) != nil)
    }
}
