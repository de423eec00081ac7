import Testing
@testable import PaperSearch

@Suite struct QueryParserTests {
    @Test(arguments: [
        ("graph neural", "graph neural"),
        ("\"noisy links\"", "\"noisy links\""),
        ("a OR b c", "a OR (b c)"),
        ("(a OR b) c", "(a OR b) c"),
        ("-word other", "-word other"),
        ("NOT word other", "-word other"),
        ("-\"a phrase\" x", "-\"a phrase\" x"),
        ("quant*", "quant*"),
        ("NEAR(a b, 5)", "NEAR(a b, 5)"),
        ("a NEAR/5 b", "NEAR(a b, 5)"),
        ("title:word", "title:word"),
        ("ti:\"a phrase\"", "title:\"a phrase\""),
        ("abs:x au:smith", "abstract:x author:smith"),
        ("cat:cs.LG", "cat:cs.LG"),
        ("cat:cs.*", "cat:cs.*"),
        ("year:2023", "date:>=2023-01-01 date:<2024-01-01"),
        ("year:2019..2022", "date:>=2019-01-01 date:<2023-01-01"),
        ("year:>=2020", "date:>=2020-01-01"),
        ("date:2023-01..2023-06", "date:>=2023-01-01 date:<2023-07-01"),
        ("date:2024-02-28..2024-02-29", "date:>=2024-02-28 date:<2024-03-01"),
        ("id:2301.01234v2", "id:2301.01234"),
        ("multi-agent COVID-19 β-decay hep-th/9901001", "multi-agent COVID-19 β-decay hep-th/9901001"),
        ("growth -20% -3", "growth \"-20%\" -3"),
    ])
    func parsesEachForm(query: String, normalized: String) {
        let parsed = ParsedQuery(query)
        #expect(parsed.notes.isEmpty, "notes for \(query): \(parsed.notes)")
        #expect(parsed.interpreted == normalized)
    }

    @Test(arguments: [
        ("\"unterminated", "\"unterminated\"", "closed the quote opened at position 1"),
        ("(a OR b", "a OR b", "closed the '(' opened at position 1"),
        ("a b)", "a b", "ignored an unmatched ')' at position 4"),
        ("a OR", "a", "ignored a dangling OR at position 3"),
        ("OR a", "a", "ignored a dangling OR at position 1"),
        ("a - b", "a b", "ignored '-' at position 3: it has no letters or digits"),
        ("a *", "a", "ignored '*' at position 3: it has no letters or digits"),
        ("foo:bar", "\"foo:bar\"", "unknown field 'foo' at position 1; searched 'foo:bar' as text"),
        ("year:soon x", "soon x", "'year:soon' at position 1 is not a year (2023, 2019..2022, >=2020); searched as text"),
        ("a NOT", "a", "ignored a lone '-' or NOT at position 3"),
    ])
    func repairsAndSaysSo(query: String, normalized: String, note: String) {
        let parsed = ParsedQuery(query)
        #expect(parsed.interpreted == normalized)
        #expect(parsed.notes == [note])
    }

    @Test func ftsExpressionQuotesEveryWord() throws {
        let plan = try QueryPlan(conjuncts: ParsedQuery("c++ \"say \"\"hi\" title:(a OR b*) -x").root!.conjuncts)
        #expect(plan.match == "((\"c++\" AND \"say\" AND \"hi\" AND {title} : ((\"a\" OR \"b\"*))) NOT \"x\")")
    }

    @Test func filtersBecomeBoundSQL() throws {
        let plan = try QueryPlan(conjuncts: ParsedQuery("x cat:cs.LG year:2020 -cat:math.PR").root!.conjuncts)
        #expect(plan.filters == [[.category("cs.LG")], [.published(from: "2020-01-01", until: "2021-01-01")]])
        #expect(plan.excludedFilters == [.category("math.PR")])
        #expect(QueryFilter.category("x' OR 1=1 --").sql.values == [.text("x' OR 1=1 --")])
    }

    @Test func filterInsideATextGroupIsAClearError() {
        #expect(throws: QueryError.self) {
            try QueryPlan(conjuncts: ParsedQuery("(graph OR cat:cs.LG)").root!.conjuncts)
        }
    }

    @Test func anyModeDropsStopWordsAndExclusions() {
        let rewritten = AnyWords.rewrite(ParsedQuery("the graph of the networks -survey cat:cs.LG").root!.conjuncts)
        #expect(QueryNode.and(rewritten).normalized == "(graph OR networks) -survey cat:cs.LG")
    }
}
