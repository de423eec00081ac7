/// Text with marked ranges, e.g. a snippet with the matched words highlighted.
public struct HighlightedText: Sendable, Equatable {
    /// The plain text.
    public var text: String
    /// Highlighted ranges as `[start, end)` offsets in Unicode scalars (code points) of `text`.
    public var ranges: [Range<Int>]

    /// Creates highlighted text.
    public init(text: String, ranges: [Range<Int>] = []) {
        self.text = text
        self.ranges = ranges
    }

    /// Builds from text in which `open` and `close` surround highlighted parts.
    ///
    /// Works on the UTF-8 bytes: appending scalar by scalar to a `String.UnicodeScalarView`
    /// was 460 instructions a character, about a third of a rare-word search.
    init(marked: String, open: Unicode.Scalar, close: Unicode.Scalar) {
        var marked = marked
        var ranges: [Range<Int>] = []
        let plain: [UInt8] = marked.withUTF8 { bytes in
            var plain: [UInt8] = []
            plain.reserveCapacity(bytes.count)
            var start: Int?
            var count = 0
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let end = min(index + length, bytes.count)
                var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0x7F >> length)
                for continuation in bytes[(index + 1)..<end] { value = value << 6 | UInt32(continuation & 0x3F) }
                if value == open.value {
                    start = count
                } else if value == close.value {
                    if let s = start, s < count { ranges.append(s..<count) }
                    start = nil
                } else {
                    plain.append(contentsOf: bytes[index..<end])
                    count += 1
                }
                index = end
            }
            return plain
        }
        text = String(decoding: plain, as: UTF8.self)
        self.ranges = ranges
    }

    /// The text with each highlighted range wrapped in `open` and `close`.
    public func marked(open: String, close: String) -> String {
        var result = ""
        var index = 0
        var remaining = ranges[...]
        for scalar in text.unicodeScalars {
            if let range = remaining.first, range.lowerBound == index { result += open }
            result.unicodeScalars.append(scalar)
            index += 1
            if let range = remaining.first, range.upperBound == index {
                result += close
                remaining = remaining.dropFirst()
            }
        }
        return result
    }
}

/// One search result.
public struct SearchHit: Sendable, Equatable {
    /// The paper.
    public var paper: Paper
    /// BM25 relevance (higher is better); 0 when the query had no words to rank by.
    public var score: Double
    /// The best-matching passage of the abstract, matched words highlighted.
    public var snippet: HighlightedText
    /// Matched words in the full title.
    public var titleHighlights: [Range<Int>]
    /// Matched words in the full abstract.
    public var abstractHighlights: [Range<Int>]
}

/// The answer to a ``SearchRequest``.
public struct SearchResults: Sendable, Equatable {
    /// The query as given.
    public var query: String
    /// The query as understood, when it differs from what was typed (repairs, `--any`).
    public var interpreted: String?
    /// Repairs and reinterpretations, one line each.
    public var notes: [String]
    /// How words were combined: `all`, or `any` (asked for, or the fallback when all-words
    /// matched nothing).
    public var mode: SearchRequest.Mode
    /// True when the query was an id, URL or DOI and the paper was looked up directly.
    public var lookedUp = false
    /// Every match, not just this page.
    public var total: Int
    /// This page of results, best first.
    public var hits: [SearchHit]
    /// Counts over all matches, per facet: value → count.
    public var facets: [SearchRequest.Facet: [FacetCount]]
}

/// How many matches have one value of a facet.
public struct FacetCount: Sendable, Equatable {
    /// The value: a year, or a category.
    public var value: String
    /// Matches with that value.
    public var count: Int
}
