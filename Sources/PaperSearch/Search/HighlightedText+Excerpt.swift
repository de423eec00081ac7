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
        // where each scalar starts in the bytes (one more entry for the end), unless every
        // scalar is one byte.
        var spans: [Range<Int>] = []
        spans.reserveCapacity(bytes.count / 4 + 1)
        let ascii = bytes.allSatisfy { $0 < 0x80 }
        var offsets: [Int] = []
        if ascii {
            // Each scalar a byte: the spaces found eight bytes at a time (a byte at a time, this
            // scan was two thirds of an excerpt's instructions).
            var start = 0
            func space(at offset: Int) {
                if offset > start { spans.append(start..<offset) }
                start = offset + 1
            }
            var offset = 0
            while offset + 8 <= bytes.count {
                var found = ByteWords.equal(ByteWords.load(bytes, at: offset), 0x20)
                while found != 0 {
                    space(at: offset + (found.trailingZeroBitCount >> 3))
                    found &= found - 1
                }
                offset += 8
            }
            while offset < bytes.count {
                if bytes[offset] == 0x20 { space(at: offset) }
                offset += 1
            }
            if bytes.count > start { spans.append(start..<bytes.count) }
        } else {
            offsets.reserveCapacity(bytes.count + 1)
            var scalar = 0
            var start: Int?
            for (byteOffset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
                offsets.append(byteOffset)
                if byte == 0x20 {
                    if let s = start { spans.append(s..<scalar) }
                    start = nil
                } else if start == nil {
                    start = scalar
                }
                scalar += 1
            }
            if let s = start { spans.append(s..<scalar) }
            offsets.append(bytes.count)
        }
        guard spans.count > count else { return self }
        func string(_ scalars: Range<Int>) -> String {
            let bounds = ascii ? scalars : offsets[scalars.lowerBound]..<offsets[scalars.upperBound]
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[bounds]), as: UTF8.self)
        }

        // Which words are (partly) highlighted, by their text (lowercased) numbered in order
        // of appearance, for distinct counting; -1 for a word not highlighted.
        var texts: [String] = []
        var marked = [Int](repeating: -1, count: spans.count)
        var next = 0
        for range in ranges {
            while next < spans.count, spans[next].upperBound <= range.lowerBound { next += 1 }
            var index = next
            while index < spans.count, spans[index].lowerBound < range.upperBound {
                let text = string(spans[index]).lowercased()
                if let known = texts.firstIndex(of: text) {
                    marked[index] = known
                } else {
                    marked[index] = texts.count
                    texts.append(text)
                }
                index += 1
            }
        }
        // Slide the window a word at a time, keeping how often each marked word is in it.
        var best = 0, bestScore = -1
        if !ranges.isEmpty {
            var inWindow = [Int](repeating: 0, count: texts.count)
            var distinct = 0, markedCount = 0
            for first in 0...(spans.count - count) {
                if first == 0 {
                    for word in marked[0..<count] where word >= 0 {
                        if inWindow[word] == 0 { distinct += 1 }
                        inWindow[word] += 1
                        markedCount += 1
                    }
                } else {
                    let leaving = marked[first - 1], entering = marked[first + count - 1]
                    if leaving >= 0 {
                        inWindow[leaving] -= 1
                        if inWindow[leaving] == 0 { distinct -= 1 }
                        markedCount -= 1
                    }
                    if entering >= 0 {
                        if inWindow[entering] == 0 { distinct += 1 }
                        inWindow[entering] += 1
                        markedCount += 1
                    }
                }
                let score = distinct * 1_000 + markedCount
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
