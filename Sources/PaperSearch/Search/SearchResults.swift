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
    init(marked: String, open: Unicode.Scalar, close: Unicode.Scalar) {
        var plain = String.UnicodeScalarView()
        var ranges: [Range<Int>] = []
        var start: Int?
        var count = 0
        for scalar in marked.unicodeScalars {
            if scalar == open {
                start = count
            } else if scalar == close {
                if let s = start, s < count { ranges.append(s..<count) }
                start = nil
            } else {
                plain.append(scalar)
                count += 1
            }
        }
        text = String(plain)
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
