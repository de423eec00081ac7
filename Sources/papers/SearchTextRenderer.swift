import PaperSearch

/// Search results as text for people: rank, title, shortened authors, year, id, snippet.
struct SearchTextRenderer {
    let marks: (open: String, close: String)

    func render(_ results: SearchResults) -> String {
        var out = ""
        if let interpreted = results.interpreted {
            out += "Searched: \(interpreted)\(results.mode == .any ? " (any word)" : "")\n"
        }
        for (offset, hit) in results.hits.enumerated() {
            let rank = offset + 1
            let title = HighlightedText(text: hit.paper.title, ranges: hit.titleHighlights)
            out += "\(rank). \(title.marked(open: marks.open, close: marks.close))\n"
            var line: [String] = []
            if !hit.paper.authors.isEmpty { line.append(Self.shortAuthors(hit.paper.authors)) }
            if let year = hit.paper.year { line.append(String(year)) }
            line.append(hit.paper.id)
            out += "   " + line.joined(separator: " · ") + "\n"
            out += "   " + hit.snippet.marked(open: marks.open, close: marks.close) + "\n\n"
        }
        let shown = results.hits.count
        if results.total > 0 {
            out += "\(shown) of \(results.total) match\(results.total == 1 ? "" : "es")\n"
        }
        for (facet, counts) in results.facets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !counts.isEmpty {
            out += "\nby \(facet.rawValue): " + counts.map { "\($0.value) (\($0.count))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `A. One`, `A. One and B. Two`, or `A. One, B. Two, et al.`
    static func shortAuthors(_ authors: [String]) -> String {
        switch authors.count {
        case 1: authors[0]
        case 2: "\(authors[0]) and \(authors[1])"
        default: "\(authors[0]), \(authors[1]) et al."
        }
    }
}
