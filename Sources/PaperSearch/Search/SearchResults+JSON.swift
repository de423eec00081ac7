/// The JSON shapes `papers` prints, documented in the README. Nullable fields are always
/// present (as `null`), so scripts can rely on every key.
extension Paper {
    /// The paper object of `show --json` and `export`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(authors, forKey: .authors)
        try container.encode(categories, forKey: .categories)
        try container.encode(published, forKey: .published)
        try container.encode(updated, forKey: .updated)
        try container.encode(doi, forKey: .doi)
        try container.encode(journalRef, forKey: .journalRef)
        try container.encode(comments, forKey: .comments)
        try container.encode(versions, forKey: .versions)
        try container.encode(source, forKey: .source)
        try container.encode(abstract, forKey: .abstract)
    }
}

extension SearchHit: Encodable {
    private enum Keys: String, CodingKey {
        case score, snippet, highlights
    }

    private struct Highlights: Encodable {
        var title: [[Int]]
        var abstract: [[Int]]
    }

    /// The paper's fields, then `score`, `snippet` (matched words in `[` `]`) and
    /// `highlights` (`[start, end)` code-point offsets into `title` and `abstract`).
    public func encode(to encoder: Encoder) throws {
        try paper.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode((score * 1000).rounded() / 1000, forKey: .score)
        try container.encode(snippet.marked(open: "[", close: "]"), forKey: .snippet)
        try container.encode(Highlights(title: titleHighlights.map { [$0.lowerBound, $0.upperBound] },
                                        abstract: abstractHighlights.map { [$0.lowerBound, $0.upperBound] }),
                             forKey: .highlights)
    }
}

extension SearchResults: Encodable {
    private enum Keys: String, CodingKey {
        case query, interpreted, notes, mode, total, results, facets
    }

    /// The `search --json` object: query, interpreted, notes, mode, total, results, facets.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(query, forKey: .query)
        try container.encode(interpreted ?? query, forKey: .interpreted)
        try container.encode(notes, forKey: .notes)
        try container.encode(lookedUp ? "id" : mode.rawValue, forKey: .mode)
        try container.encode(total, forKey: .total)
        try container.encode(hits, forKey: .results)
        if !facets.isEmpty {
            var nested = container.nestedContainer(keyedBy: FacetKey.self, forKey: .facets)
            for (facet, counts) in facets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                var inner = nested.nestedContainer(keyedBy: FacetKey.self, forKey: FacetKey(facet.rawValue))
                for entry in counts { try inner.encode(entry.count, forKey: FacetKey(entry.value)) }
            }
        }
    }

    private struct FacetKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
