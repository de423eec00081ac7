extension HighlightedText {
    /// The passage of about `words` words with the most distinct highlighted words (then the
    /// most highlights), marked `…` where it cuts the text; ranges shifted to match.
    ///
    /// Built from the full highlighted abstract, so FTS5 tokenizes each hit once instead of
    /// once for `snippet()` and again for `highlight()`.
    func excerpt(words count: Int) -> HighlightedText {
        let scalars = Array(text.unicodeScalars)
        // Word spans as scalar offsets (the text is whitespace-normalized: single spaces).
        var spans: [Range<Int>] = []
        var start: Int?
        for (offset, scalar) in scalars.enumerated() {
            if scalar == " " {
                if let s = start { spans.append(s..<offset) }
                start = nil
            } else if start == nil {
                start = offset
            }
        }
        if let s = start { spans.append(s..<scalars.count) }
        guard spans.count > count else { return self }

        // Which words are (partly) highlighted, and with what text, for distinct counting.
        var marked: [String?] = Array(repeating: nil, count: spans.count)
        var next = 0
        for range in ranges {
            while next < spans.count, spans[next].upperBound <= range.lowerBound { next += 1 }
            var index = next
            while index < spans.count, spans[index].lowerBound < range.upperBound {
                marked[index] = String(String.UnicodeScalarView(scalars[spans[index]])).lowercased()
                index += 1
            }
        }
        // Slide the window a word at a time, keeping how often each marked word is in it.
        var best = 0, bestScore = -1
        if !ranges.isEmpty {
            var inWindow: [String: Int] = [:]
            var markedCount = 0
            for first in 0...(spans.count - count) {
                if first == 0 {
                    for word in marked[0..<count].compactMap({ $0 }) { inWindow[word, default: 0] += 1; markedCount += 1 }
                } else {
                    if let leaving = marked[first - 1] {
                        inWindow[leaving]! -= 1
                        if inWindow[leaving] == 0 { inWindow[leaving] = nil }
                        markedCount -= 1
                    }
                    if let entering = marked[first + count - 1] { inWindow[entering, default: 0] += 1; markedCount += 1 }
                }
                let score = inWindow.count * 1_000 + markedCount
                if score > bestScore {
                    best = first
                    bestScore = score
                }
            }
        }
        let lower = spans[best].lowerBound
        let upper = spans[best + count - 1].upperBound
        let lead = best > 0 ? "…" : ""
        let tail = best + count < spans.count ? "…" : ""
        let shift = lead.unicodeScalars.count - lower
        let clipped = ranges.compactMap { range -> Range<Int>? in
            let from = max(range.lowerBound, lower), to = min(range.upperBound, upper)
            return from < to ? (from + shift)..<(to + shift) : nil
        }
        return HighlightedText(text: lead + String(String.UnicodeScalarView(scalars[lower..<upper])) + tail, ranges: clipped)
    }
}
