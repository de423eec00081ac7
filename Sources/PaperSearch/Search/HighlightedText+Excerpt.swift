extension HighlightedText {
    /// The passage of about `words` words with the most distinct highlighted words (then the
    /// most highlights), marked `…` where it cuts the text; ranges shifted to match.
    ///
    /// Built from the full highlighted abstract, so FTS5 tokenizes each hit once instead of
    /// once for `snippet()` and again for `highlight()`.
    func excerpt(words count: Int) -> HighlightedText {
        // On the UTF-8 bytes, with the byte offset of each scalar: building the passage scalar
        // by scalar was about a quarter of a three-word search at 1M papers.
        var utf8 = text
        return utf8.withUTF8 { bytes in excerpt(words: count, bytes: bytes) }
    }

    private func excerpt(words count: Int, bytes: UnsafeBufferPointer<UInt8>) -> HighlightedText {
        // Word spans as scalar offsets (the text is whitespace-normalized: single spaces), and
        // where each scalar starts in the bytes (one more entry for the end).
        var spans: [Range<Int>] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(bytes.count + 1)
        var start: Int?
        for (byteOffset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            let scalar = offsets.count
            offsets.append(byteOffset)
            if byte == 0x20 {
                if let s = start { spans.append(s..<scalar) }
                start = nil
            } else if start == nil {
                start = scalar
            }
        }
        if let s = start { spans.append(s..<offsets.count) }
        offsets.append(bytes.count)
        guard spans.count > count else { return self }
        func string(_ scalars: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[offsets[scalars.lowerBound]..<offsets[scalars.upperBound]]),
                   as: UTF8.self)
        }

        // Which words are (partly) highlighted, and with what text, for distinct counting.
        var marked: [String?] = Array(repeating: nil, count: spans.count)
        var next = 0
        for range in ranges {
            while next < spans.count, spans[next].upperBound <= range.lowerBound { next += 1 }
            var index = next
            while index < spans.count, spans[index].lowerBound < range.upperBound {
                marked[index] = string(spans[index]).lowercased()
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
        return HighlightedText(text: lead + string(lower..<upper) + tail, ranges: clipped)
    }
}
