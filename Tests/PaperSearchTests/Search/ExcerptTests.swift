import Testing
@testable import PaperSearch

@Suite struct ExcerptTests {
    private func text(_ words: [String], marked: Set<Int>) -> HighlightedText {
        var offset = 0
        var ranges: [Range<Int>] = []
        for (index, word) in words.enumerated() {
            if marked.contains(index) { ranges.append(offset..<(offset + word.count)) }
            offset += word.count + 1
        }
        return HighlightedText(text: words.joined(separator: " "), ranges: ranges)
    }

    @Test func picksTheWindowWithTheMostDistinctMatches() {
        var words = (0..<100).map { "w\($0)" }
        words[10] = "alpha"; words[80] = "alpha"; words[83] = "beta"
        let excerpt = text(words, marked: [10, 80, 83]).excerpt(words: 10)
        #expect(excerpt.text.hasPrefix("…") && excerpt.text.hasSuffix("…"))
        #expect(excerpt.marked(open: "[", close: "]").contains("[alpha]"))
        #expect(excerpt.marked(open: "[", close: "]").contains("[beta]"))
        #expect(excerpt.text.split(separator: " ").count == 10)
    }

    @Test func shortTextIsKeptWhole() {
        let whole = text(["a", "b", "c"], marked: [1])
        #expect(whole.excerpt(words: 10) == whole)
    }

    @Test func noHighlightsGivesTheStart() {
        let excerpt = text((0..<50).map { "w\($0)" }, marked: []).excerpt(words: 5)
        #expect(excerpt.text == "w0 w1 w2 w3 w4…")
        #expect(excerpt.ranges.isEmpty)
    }

    @Test func rangesStayOnTheirWords() {
        var words = (0..<60).map { "w\($0)" }
        words[50] = "Schrödinger"
        let excerpt = text(words, marked: [50]).excerpt(words: 8)
        let scalars = Array(excerpt.text.unicodeScalars)
        let range = try! #require(excerpt.ranges.first)
        #expect(String(String.UnicodeScalarView(scalars[range])) == "Schrödinger")
    }
}
