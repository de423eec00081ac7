import Testing
@testable import PaperSearch

@Suite struct QueryPlanTests {
    @Test func plainWordsAreListedWithTheirLookupForm() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        let plan = try index.plan(ParsedQuery("quantum the state").root!.conjuncts)
        #expect(plan.plainWords == ["quantum", "the", "state"])
        #expect(plan.match == #"("quantum" AND "the" AND "state")"#)
        #expect(plan.lookupMatch == #"("quantum" OR "the" OR "state")"#)
        #expect(try index.plan(ParsedQuery("quantum").root!.conjuncts).lookupMatch == nil)
        for query in ["quantum -state", "\"quantum state\" the", "quant* the", "quantum OR state", "title:(quantum state) the"] {
            let other = try index.plan(ParsedQuery(query).root!.conjuncts)
            #expect(other.plainWords == nil && other.conjunctWords == nil && other.lookupMatch == nil, "\(query)")
        }
    }

    @Test func wordsWithinOneFieldAreListedWithTheirFields() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        let plan = try index.plan(ParsedQuery("title:quantum the au:smith").root!.conjuncts)
        #expect(plan.plainWords == nil)
        #expect(plan.conjunctWords?.map(\.word) == ["quantum", "the", "smith"])
        #expect(plan.conjunctWords?.map(\.field) == [.title, nil, .authors])
        #expect(plan.match == #"({title} : ("quantum") AND "the" AND {authors} : ("smith"))"#)
        #expect(plan.lookupMatch == #"({title} : ("quantum") OR "the" OR {authors} : ("smith"))"#)
        #expect(try index.plan(ParsedQuery("quantum the").root!.conjuncts).conjunctWords?.map(\.word) == ["quantum", "the"])
    }

    /// The lookup form finds a matching paper with the same phrase instances: the same
    /// highlights and, to the last bit, the same score.
    @Test(arguments: ["quantum state", "the quantum field", "of we entanglement", "a in the", "model be an",
                      "title:quantum state", "au:wang quantum", "the abstract:field au:li"])
    func aMatchingPaperLooksTheSameThroughTheLookupForm(query: String) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
        let lookup = try #require(plan.lookupMatch)
        let rows = try index.database.prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1")
        try rows.bind([.text(plan.match!)])
        var matches: [Int] = []
        while try rows.step() { matches.append(rows.int(at: 0)) }
        #expect(!matches.isEmpty)
        let look = try index.database.prepare("""
            SELECT highlight(papers_fts, 0, '[', ']'), highlight(papers_fts, 1, '[', ']'), \(try index.rankExpression(plan, .standard))
            FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = ?2
            """)
        func seen(_ match: String, _ rowid: Int) throws -> [String] {
            look.reset()
            try look.bind([.text(match), SQLValue(rowid)])
            guard try look.step() else { return [] }
            return [look.text(at: 0), look.text(at: 1), String(look.double(at: 2).bitPattern)]
        }
        for rowid in matches {
            let viaAnd = try seen(plan.match!, rowid)
            #expect(viaAnd.count == 3 && viaAnd[1].contains("["))
            #expect(try seen(lookup, rowid) == viaAnd)
        }
    }
}
