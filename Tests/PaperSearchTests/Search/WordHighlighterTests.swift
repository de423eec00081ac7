import Foundation
import Testing
@testable import PaperSearch

@Suite struct WordHighlighterTests {
    /// Papers whose words repeat, abut punctuation, change case, carry accents and stem
    /// together (`network`, `networks`, `Networking`).
    static let records = [
        #"{"id": "2401.00001", "title": "Networks of networks: Networking-aware NETWORK design", "abstract": "We study networks. A network's nodes (network-nodes) form networks; network,network;network.", "categories": "cs.NI", "authors": "Ana Network and Bo Chen"}"#,
        #"{"id": "2401.00002", "title": "Café au lait: the naïve CAFÉ model", "abstract": "A café, two cafés and the caf\u00e9 model; naive naïve NAÏVE.", "categories": "cs.CL", "authors": "Carla Café"}"#,
        #"{"id": "2401.00003", "title": "Spin-orbit coupling in spin_orbit chains", "abstract": "Spin orbit spin-orbit spin—orbit spin/orbit (spin)(orbit) spin'orbit.", "categories": "cond-mat.str-el", "authors": "Dan Spin"}"#,
        // ASCII text, whose runs of letters and digits are tokenized only when their first
        // letter starts a wanted token: words the stemmer changes past their first letter
        // (happy → happi, sensibility → sensibl), digits, and runs that abut.
        #"{"id": "2401.00004", "title": "Happy relational organizers", "abstract": "Happiness, happily HAPPY: relational relations organize organizers; sensibility sensible SENSIBILITIES generalization generalize 3D 3d-printing x2 a1b2 happy_happy happy.", "categories": "cs.DB", "authors": "Eve Hale"}"#,
    ]

    /// Queries of single words, plain or in one field, over both fixtures.
    static let queries = ["network", "networks design", "café model", "naïve", "spin orbit", "au:network network",
                          "title:network", "abstract:spin orbit", "quantum", "quantum state", "field theory",
                          "the model", "au:wang quantum", "energy of the", "title:quantum state",
                          "happy", "relational organizer", "sensibility", "generalization", "3d", "happy x2"]

    /// Queries of single words and prefixes in AND and OR groups, for the expression's
    /// highlighter; `gas*` and `his*` are prefixes the stemmer changes (``PrefixTerms``).
    static let expressionQueries = ["quant* state", "net* design", "gas* field", "his* theory", "(quantum OR field) theory",
                                    "caf* OR naïve", "title:net*", "spin* au:spin", "ener* (mod* OR stat*)", "t*",
                                    "happ* sens*", "3* OR relat*"]

    /// For every paper each query matches, compares the title and abstract as `highlighter`
    /// marks them with `highlight()`'s marks; returns the papers compared and those marked.
    private func compare(_ queries: [String],
                         highlighter make: (QueryPlan, FTS5Tokenizer) -> WordHighlighter?) throws -> (compared: Int, marked: Int) {
        let directory = try TemporaryDirectory()
        let path = directory.path("words.jsonl")
        try Self.records.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        _ = try index.ingest(files: [path])
        // Marked as the search marks `highlight()`'s output, with characters no text holds.
        let (open, close): (Unicode.Scalar, Unicode.Scalar) = ("\u{E000}", "\u{E001}")
        let statement = try index.database.prepare("""
            SELECT p.title, p.abstract, highlight(papers_fts, 0, '\(open)', '\(close)'),
                   highlight(papers_fts, 1, '\(open)', '\(close)')
            FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid WHERE papers_fts MATCH ?1
            """)
        var compared = 0, marked = 0
        for query in queries {
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            let highlighter = try #require(make(plan, try index.queryWords().stemmer), "\(query)")
            statement.reset()
            try statement.bind([.text(plan.match!)])
            while try statement.step() {
                let title = highlighter.highlight(statement.text(at: 0), column: 0)
                let abstract = highlighter.highlight(statement.text(at: 1), column: 1)
                #expect(title == HighlightedText(marked: statement.text(at: 2), open: open, close: close), "\(query)")
                #expect(abstract == HighlightedText(marked: statement.text(at: 3), open: open, close: close), "\(query)")
                // Written back with marks, the text is highlight()'s, marker for marker.
                #expect(abstract.marked(open: "\(open)", close: "\(close)") == statement.text(at: 3), "\(query)")
                compared += 1
                if !title.ranges.isEmpty || !abstract.ranges.isEmpty { marked += 1 }
            }
        }
        return (compared, marked)
    }

    /// For every paper each query matches, the title and abstract as `highlight()` marks them.
    @Test func marksWhatFTS5HighlightMarks() throws {
        let (compared, marked) = try compare(Self.queries) { WordHighlighter($0, tokenizer: $1) }
        #expect(compared >= 150 && marked == compared)
    }

    /// The same from the expression's phrases: prefixes (the stemmer's expansions too), OR
    /// groups, fields, and the single-word queries again.
    @Test func theExpressionsHighlighterMarksWhatFTS5HighlightMarks() throws {
        let (compared, marked) = try compare(Self.expressionQueries + Self.queries) {
            WordHighlighter(expressionOf: $0, tokenizer: $1)
        }
        #expect(compared >= 400 && marked == compared, "\(compared) \(marked)")
    }

    @Test func onlyQueriesOfSingleWordsHaveOne() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        let stemmer = try index.queryWords().stemmer
        for query in ["\"quantum state\"", "quant*", "quantum OR state", "multi-agent", "quantum -state", "NEAR(a b)"] {
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            #expect(WordHighlighter(plan, tokenizer: stemmer) == nil, "\(query)")
        }
    }

    @Test func onlyExpressionsOfWordsAndPrefixesMarkedAloneHaveOne() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index(in: directory)
        let stemmer = try index.queryWords().stemmer
        for query in ["\"quantum state\"", "multi-agent", "quantum -state", "NEAR(quantum state)", "quant* -cat:hep-th x -y"] {
            let plan = try index.plan(ParsedQuery(query).root!.conjuncts)
            #expect(WordHighlighter(expressionOf: plan, tokenizer: stemmer) == nil, "\(query)")
        }
    }
}
