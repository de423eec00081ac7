import Testing
@testable import PaperSearch

@Suite struct PrefixTermsTests {
    /// FTS5 would stem `gas*` to `ga*`, `his*` to `hi*` and `analy*` to `anali*`; a prefix
    /// finds the words that start with what was typed, and only those.
    @Test(arguments: [
        ("gas*", ["gas", "gases"]),
        ("his*", ["his", "history"]),
        ("analy*", ["analysis", "analytic", "analyze"]),
        ("cos*", ["cosmology"]),
        ("gal*", ["galaxy"]),
        ("ga*", ["galaxy", "game", "gas", "gases"]),
        ("ti:analy*", ["analysis", "analytic"]),
        ("gas* -noble", ["gas"]),
    ])
    func aPrefixMatchesTheWordsStartingWithIt(query: String, expected: [String]) throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("prefix-words.jsonl", in: directory)
        #expect(try index.ids(query).sorted() == expected)
    }

    @Test func theExpansionStaysOutOfWhatTheUserSees() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("prefix-words.jsonl", in: directory)
        let results = try index.search(SearchRequest(query: "gas*"))
        #expect(results.interpreted == nil)
        #expect(results.hits.first?.abstractHighlights.isEmpty == false)
        let terms = try PrefixTerms(database: index.database)
        #expect(terms.expression(for: "gal") == nil)
        #expect(terms.expression(for: "multi-ag") == nil)
        let expression = try #require(terms.expression(for: "Gas"))
        #expect(expression.hasPrefix("(\"gas\" OR \"gasa\"* OR "))
    }

    @Test func theStemmerIsTheIndexTokenizer() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        let declaration = try #require(try index.database.scalarText(
            "SELECT sql FROM sqlite_schema WHERE name = 'papers_fts'"))
        let option = ([FTS5Tokenizer.index.name] + FTS5Tokenizer.index.arguments).joined(separator: " ")
        #expect(declaration.contains("tokenize = '\(option)'"))
    }
}
