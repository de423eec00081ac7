import Testing
@testable import PaperSearch

@Suite struct FTSPhraseTests {
    private func phrase(_ text: String, _ columns: [String]? = nil, prefix: Bool = false) -> FTSPhrase {
        FTSPhrase(text: text, columns: columns, prefix: prefix)
    }

    @Test func phrasesInFTS5Order() {
        #expect(FTSPhrase.phrases(in: "\"a\"") == [phrase("a")])
        #expect(FTSPhrase.phrases(in: "(\"a\" AND \"b c\")") == [phrase("a"), phrase("b c")])
        #expect(FTSPhrase.phrases(in: "({authors} : (\"Smith\") AND \"x\")") == [phrase("Smith", ["authors"]), phrase("x")])
        #expect(FTSPhrase.phrases(in: "{title abstract} : ((\"a\" OR \"b\"*))")
            == [phrase("a", ["title", "abstract"]), phrase("b", ["title", "abstract"], prefix: true)])
        #expect(FTSPhrase.phrases(in: "((\"a\" AND NEAR(\"b\" \"c\", 5)) NOT \"d\")")
            == [phrase("a"), phrase("b"), phrase("c"), phrase("d")])
        #expect(FTSPhrase.phrases(in: "\"say \"\"hi\"\"\"") == [phrase("say \"hi\"")])
        #expect(FTSPhrase.phrases(in: "((\"a\" AND \"b\" AND \"c\" AND \"d\") OR {title} : (\"a b c d\"))")
            == [phrase("a"), phrase("b"), phrase("c"), phrase("d"), phrase("a b c d", ["title"])])
    }

    @Test func everyRenderedQueryParses() throws {
        for query in ["au:smith quantum", "ti:\"quantum state\" -noise", "NEAR(a b, 3) c*", "(a OR b) c", "abstract:(x y)"] {
            let conjuncts = try #require(ParsedQuery(query).root?.conjuncts)
            let plan = try QueryPlan(conjuncts: conjuncts)
            let match = try #require(plan.match)
            #expect(FTSPhrase.phrases(in: match) != nil, "\(match)")
        }
    }

    @Test func unexpectedSyntaxIsRefused() {
        #expect(FTSPhrase.phrases(in: "\"a") == nil)
        #expect(FTSPhrase.phrases(in: "(\"a\"") == nil)
        #expect(FTSPhrase.phrases(in: "a AND b") == nil)
        #expect(FTSPhrase.phrases(in: "{title} : ({authors} : (\"a\"))") == nil)
        #expect(FTSPhrase.phrases(in: "\"a\" + \"b\"") == nil)
    }
}
