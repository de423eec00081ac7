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

    @Test func aPassageAmongWordsOfSeveralBytesIsCutOnTheirScalars() {
        var words = (0..<40).map { $0 % 3 == 0 ? "é\($0)" : "w\($0)😀" }
        words[20] = "naïve"
        words[22] = "Café"
        let excerpt = text(words, marked: [20, 22]).excerpt(words: 6)
        let scalars = Array(excerpt.text.unicodeScalars)
        #expect(excerpt.ranges.map { String(String.UnicodeScalarView(scalars[$0])) } == ["naïve", "Café"])
        #expect(excerpt.text.hasPrefix("…") && excerpt.text.hasSuffix("…"))
        let passage = excerpt.text.dropFirst().dropLast()
        #expect(passage.split(separator: " ").count == 6)
        #expect(words.joined(separator: " ").contains(passage))
    }

    @Test func rangesStayOnTheirWords() {
        var words = (0..<60).map { "w\($0)" }
        words[50] = "Schrödinger"
        let excerpt = text(words, marked: [50]).excerpt(words: 8)
        let scalars = Array(excerpt.text.unicodeScalars)
        let range = try! #require(excerpt.ranges.first)
        #expect(String(String.UnicodeScalarView(scalars[range])) == "Schrödinger")
    }

    @Test func markedTextOfAnyWidthGivesScalarRanges() {
        let (open, close): (Unicode.Scalar, Unicode.Scalar) = ("\u{E000}", "\u{E001}")
        let marked = "Schrödinger — \(open)café\(close) 😀 \(open)naïve\(close)"
        let text = HighlightedText(marked: marked, open: open, close: close)
        #expect(text.text == "Schrödinger — café 😀 naïve")
        let scalars = Array(text.text.unicodeScalars)
        #expect(text.ranges.map { String(String.UnicodeScalarView(scalars[$0])) } == ["café", "naïve"])
        #expect(text.marked(open: "[", close: "]") == "Schrödinger — [café] 😀 [naïve]")
    }

    @Test func asciiTextOfAnySpacingIsCutOnItsWords() throws {
        // Words of 1 to 12 bytes, so spaces fall everywhere in the eight-byte steps of the
        // scan; spaces doubled at random, before the first word and after the last; one word
        // marked. The passage is the earliest five words around it, as the text has them.
        var seed: UInt64 = 7
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        for _ in 0..<300 {
            let count = 1 + next() % 30
            let words = (0..<count).map { "w\($0)" + String(repeating: "x", count: next() % 11) }
            var text = String(repeating: " ", count: next() % 3)
            var spans: [Range<Int>] = []
            for (index, word) in words.enumerated() {
                if index > 0 { text += next() % 4 == 0 ? "  " : " " }
                spans.append(text.count..<(text.count + word.count))
                text += word
            }
            text += String(repeating: " ", count: next() % 3)
            let marked = next() % count
            let highlighted = HighlightedText(text: text, ranges: [spans[marked]])
            let excerpt = highlighted.excerpt(words: 5)
            guard count > 5 else {
                #expect(excerpt == highlighted)
                continue
            }
            let first = min(max(0, marked - 4), count - 5)
            let scalars = Array(text.unicodeScalars)
            let passage = String(String.UnicodeScalarView(scalars[spans[first].lowerBound..<spans[first + 4].upperBound]))
            #expect(excerpt.text == (first > 0 ? "…" : "") + passage + (first + 5 < count ? "…" : ""), "\(text)")
            let range = try #require(excerpt.ranges.first)
            #expect(String(String.UnicodeScalarView(Array(excerpt.text.unicodeScalars)[range])) == words[marked])
        }
    }

    @Test func theWindowIsTheOneAFullRecountPicks() {
        // Marked words drawn from a small set at pseudo-random places: the sliding count
        // must choose as counting every window afresh does (most distinct, then most marks,
        // then the earliest).
        var seed: UInt64 = 42
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        for _ in 0..<50 {
            let count = 8
            var words = (0..<60).map { "w\($0)" }
            var marks: Set<Int> = []
            for _ in 0..<(next() % 12) {
                let at = next() % words.count
                words[at] = ["alpha", "beta", "gamma"][next() % 3]
                marks.insert(at)
            }
            let excerpt = text(words, marked: marks).excerpt(words: count)
            var best = 0, bestScore = -1
            if !marks.isEmpty {
                for first in 0...(words.count - count) {
                    let window = (first..<(first + count)).filter { marks.contains($0) }.map { words[$0] }
                    let score = Set(window).count * 1_000 + window.count
                    if score > bestScore { best = first; bestScore = score }
                }
            }
            let expected = words[best..<(best + count)].joined(separator: " ")
            #expect(excerpt.text.trimmingCharacters(in: ["…"]) == expected)
        }
    }
}
