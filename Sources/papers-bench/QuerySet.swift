import PaperSearch

/// The fixed query set: every kind of the query language, built from the generator's
/// vocabulary by frequency band, so each kind hits the same kind of terms at any corpus size.
struct QuerySet {
    struct Query {
        var kind: String
        var request: SearchRequest
        /// True when at least one term is in fewer than 10% of papers (the latency target's scope).
        var selective: Bool
    }

    let queries: [Query]

    /// `perKind` queries of each kind from `vocabulary` (most frequent first), or of the
    /// given kinds only.
    init(vocabulary words: [String], perKind: Int = 20, kinds: [String] = []) {
        // Rank bands: the ~130 common words come first; Zipf ranks ~300-1,000 are in roughly
        // 1-10% of abstracts, ranks past 20,000 in well under 0.1%.
        let common = Array(words[0..<30])
        let veryCommon = Array(words[0..<12])
        let mid = Array(words[300..<(300 + perKind * 3)])
        let rare = Array(words[20_000..<(20_000 + perKind * 3)])
        let tenPercent = Array(words[130..<(130 + perKind)])
        var list: [Query] = []
        func add(_ kind: String, _ query: String, selective: Bool = true, configure: (inout SearchRequest) -> Void = { _ in }) {
            var request = SearchRequest(query: query)
            request.fallbackToAny = false
            configure(&request)
            list.append(Query(kind: kind, request: request, selective: selective))
        }
        for i in 0..<perKind {
            add("term-common", common[i % common.count], selective: false)
            add("term-mid", mid[i])
            add("term-rare", rare[i])
            add("and-2", "\(mid[i]) \(mid[i + perKind])")
            add("and-3", "\(common[i % common.count]) \(mid[i]) \(rare[i])")
            add("phrase", "\"\(common[i % common.count]) \(mid[i])\"")
            add("prefix", String(mid[i].prefix(3)) + "* " + rare[i + perKind])
            add("field-title", "title:\(mid[i])")
            add("field-author", "au:\(CorpusGenerator.lastNames[i % CorpusGenerator.lastNames.count]) \(mid[i])")
            add("category", "cat:\(CorpusGenerator.categories[i % CorpusGenerator.categories.count]) \(mid[i])")
            add("year", "year:2015..2018 \(mid[i])")
            add("common-only", "\(veryCommon[i % veryCommon.count]) \(veryCommon[(i + 5) % veryCommon.count])", selective: false)
            let pasted = (0..<40).map { words[($0 * 7919 + i * 104_729) % 3_000] }.joined(separator: " ")
            // Most of the 40 words are past rank 130, in under 10% of the papers: in scope.
            add("any-pasted", pasted) { $0.mode = .any }
            add("facets", tenPercent[i], selective: false) { $0.facets = [.year, .category] }
        }
        queries = kinds.isEmpty ? list : list.filter { kinds.contains($0.kind) }
    }

    var kinds: [String] {
        var seen: [String] = []
        for query in queries where !seen.contains(query.kind) { seen.append(query.kind) }
        return seen
    }
}
