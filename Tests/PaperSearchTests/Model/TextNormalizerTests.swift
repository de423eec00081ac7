import Testing
@testable import PaperSearch

@Suite struct TextNormalizerTests {
    /// Whitespace runs collapsed by splitting on Unicode's whitespace.
    private func reference(_ text: String) -> String {
        text.unicodeScalars.split { $0.properties.isWhitespace }.map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }

    @Test(arguments: [
        ("a  b", "a b"), (" a", "a"), ("a ", "a"), ("a\tb", "a b"), ("a\u{00A0}b", "a b"), ("a\u{2003}b", "a b"),
        ("1234567  x", "1234567 x"), ("1234567 \u{3000}x", "1234567 x"), ("abcdefgh ", "abcdefgh"),
        ("ünïcödé words", "ünïcödé words"), ("", ""), ("\n", ""),
    ])
    func collapses(text: String, collapsed: String) {
        #expect(TextNormalizer.collapseWhitespace(text) == collapsed)
    }

    @Test func randomTextCollapsesAsUnicodeSplitsIt() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bc", " ", " ", "\t", "\n", "\u{00A0}", "\u{2003}", "\u{3000}", "é", "\u{00C2}", "\u{2013}"]
        for length in 0..<30 {
            for _ in 0..<200 {
                let text = (0..<length).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
                #expect(TextNormalizer.collapseWhitespace(text) == reference(text), "\(text.debugDescription)")
            }
        }
    }
}
