import Foundation

/// How to re-rank an any-word query: blend in other rankings (feedback words, rare words,
/// adjacent word pairs) at lower weights, and/or reward papers that contain more of the
/// query's distinct words.
struct FeedbackBlend {
    let original: QueryPlan
    /// Secondary rankings, each added to the original's score times its weight.
    var expansions: [(plan: QueryPlan, weight: Double)] = []
    /// The query's distinct words, as FTS5 expressions, with the coverage weight.
    var coverage: (words: [String], weight: Double)?

    /// True when nothing re-ranks the original.
    var isEmpty: Bool { expansions.isEmpty && coverage == nil }
}

extension QueryNode {
    /// True for a conjunct that only filters (category, date, id), alone or ORed.
    var isFilterConjunct: Bool {
        switch self {
        case .filter, .not(.filter): true
        case .or(let children): children.allSatisfy { if case .filter = $0 { true } else { false } }
        default: false
        }
    }
}

extension PaperIndex {
    /// The re-ranking an any-word request asks for (``AnyModeOptions``): a blend to rank by, and
    /// with feedback the expanded query that counting, facets and highlights use.
    func reranking(_ original: [QueryNode], plan: QueryPlan, request: SearchRequest)
        throws -> (blend: FeedbackBlend?, expanded: ([QueryNode], QueryPlan)?) {
        let options = request.anyOptions
        let rewritten = AnyWords.rewrite(original)
        let filters = rewritten.filter(\.isFilterConjunct)
        let words = rewritten.flatMap(\.rankedWords)
        var blend = FeedbackBlend(original: plan)
        /// A secondary ranking by any of `nodes`, with the query's filters.
        func blendIn(_ nodes: [QueryNode], weight: Double?) throws {
            guard let weight, let first = nodes.first else { return }
            blend.expansions.append((try self.plan([nodes.count == 1 ? first : .or(nodes)] + filters), weight))
        }
        if let weight = options.coverage {
            blend.coverage = (words.compactMap { FTSExpression.render($0) }, weight)
        }
        if options.rareWords != nil { try blendIn(try rarerHalf(of: words), weight: options.rareWords) }
        if options.pairs != nil { try blendIn(AnyWords.adjacentPairs(original), weight: options.pairs) }
        if options.wordStarts != nil { try blendIn(AnyWords.wordStarts(original), weight: options.wordStarts) }
        guard let feedback = options.feedback else { return (blend.isEmpty ? nil : blend, nil) }
        let queryWords = Set(Self.feedbackTokens(QueryNode.and(original).normalized))
        let extra = try feedbackWords(for: plan, request: request, settings: feedback, exclude: queryWords)
        guard !extra.isEmpty else { return (blend.isEmpty ? nil : blend, nil) }
        try blendIn(extra.map { .term($0, prefix: false) }, weight: feedback.weight)
        // Counting, facets and highlights use either: the query words or the feedback words.
        let conjuncts = AnyWords.rewrite(original, phrases: options.phraseBonus, extra: extra)
        return (blend, (conjuncts, try self.plan(conjuncts)))
    }

    /// The less frequent half of the words (by document frequency), rarest first.
    private func rarerHalf(of words: [QueryNode]) throws -> [QueryNode] {
        let frequency = try database.cached("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1")
        var counted: [(node: QueryNode, df: Int)] = []
        for word in words {
            guard let expression = FTSExpression.render(word) else { continue }
            frequency.reset()
            try frequency.bind([.text(expression)])
            counted.append((word, try frequency.step() ? frequency.int(at: 0) : 0))
        }
        let sorted = counted.filter { $0.df > 0 }.sorted { $0.df < $1.df }
        return sorted.prefix(max(1, sorted.count / 2)).map(\.node)
    }

    /// The page ranked by `score(query) + weight × score(feedback words)`. FTS5 cannot weight
    /// the words of one expression differently, so each part is its own BM25 query: the best
    /// `depth` of each are merged, and every candidate gets its exact score from both.
    func blended(_ blend: FeedbackBlend, request: SearchRequest) throws -> [(rowid: Int, score: Double, paper: Paper)] {
        let wanted = max(0, request.offset) + max(0, request.limit)
        let depth = max(wanted * 2, 100)
        let plans = [(plan: blend.original, weight: 1.0)] + blend.expansions
        var parts = try plans.map { try scores($0.plan, request: request, limit: depth, only: nil) }
        let candidates = parts.reduce(into: Set<Int>()) { $0.formUnion($1.keys) }
        for (number, part) in parts.enumerated() where plans.count > 1 {
            let missing = candidates.subtracting(part.keys)
            if !missing.isEmpty {
                parts[number].merge(try scores(plans[number].plan, request: request, limit: missing.count, only: missing)) { a, _ in a }
            }
        }
        var present: [Int: Int] = [:]
        if let coverage = blend.coverage, !candidates.isEmpty {
            let list = candidates.sorted().map(String.init).joined(separator: ",")
            for word in coverage.words {
                let statement = try database.prepare(
                    "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid IN (\(list))")
                try statement.bind([.text(word)])
                while try statement.step() { present[statement.int(at: 0), default: 0] += 1 }
            }
        }
        let ranked = candidates.map { rowid -> (Int, Double) in
            var score = zip(plans, parts).reduce(0.0) { $0 + $1.0.weight * ($1.1[rowid] ?? 0) }
            if let coverage = blend.coverage, !coverage.words.isEmpty {
                score *= 1 + coverage.weight * Double(present[rowid] ?? 0) / Double(coverage.words.count)
            }
            return (rowid, score)
        }
        .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        .prefix(wanted)
        let fetch = try database.cached("SELECT \(PaperRow.indexedColumns) FROM papers p WHERE p.rowid = ?1")
        var rows: [(rowid: Int, score: Double, paper: Paper)] = []
        for (rowid, score) in ranked.dropFirst(max(0, request.offset)) {
            fetch.reset()
            try fetch.bind([SQLValue(rowid)])
            if try fetch.step() { rows.append((rowid, score, PaperRow.paper(from: fetch))) }
        }
        return rows
    }

    /// BM25 relevance (higher is better) of the best `limit` matches of `plan`, or of the
    /// given rowids only.
    private func scores(_ plan: QueryPlan, request: SearchRequest, limit: Int, only: Set<Int>?) throws -> [Int: Double] {
        var (from, values) = selection(plan)
        if let only {
            from += " AND papers_fts.rowid IN (\(only.sorted().map(String.init).joined(separator: ",")))"
        }
        let statement = try database.prepare(
            "SELECT papers_fts.rowid, \(request.weights.bm25) AS score \(from) ORDER BY score LIMIT ?")
        try statement.bind(values + [SQLValue(limit)])
        var result: [Int: Double] = [:]
        while try statement.step() { result[statement.int(at: 0)] = -statement.double(at: 1) }
        return result
    }

    /// Words to add to an any-word query, from its first results (pseudo-relevance feedback,
    /// after RM3): each word of the top documents is weighted by its share of each document's
    /// words and the document's share of the top scores, then by its inverse document
    /// frequency, so topical words win over merely common ones.
    func feedbackWords(for plan: QueryPlan, request: SearchRequest, settings: AnyModeOptions.Feedback,
                       exclude: Set<String>) throws -> [String] {
        guard plan.match != nil else { return [] }
        let (from, values) = selection(plan)
        let statement = try database.cached(
            "SELECT papers_fts.rowid, \(request.weights.bm25) AS score \(from) ORDER BY score LIMIT ?")
        try statement.bind(values + [SQLValue(settings.documents)])
        var documents: [(rowid: Int, score: Double)] = []
        while try statement.step() { documents.append((statement.int(at: 0), -statement.double(at: 1))) }
        guard !documents.isEmpty else { return [] }

        let text = try database.cached("SELECT title, abstract FROM papers WHERE rowid = ?1")
        let totalScore = documents.reduce(0) { $0 + max($1.score, 0) }
        var weights: [String: Double] = [:]
        for document in documents {
            text.reset()
            try text.bind([SQLValue(document.rowid)])
            guard try text.step() else { continue }
            let words = Self.feedbackTokens(text.text(at: 0) + " " + text.text(at: 1))
            guard !words.isEmpty else { continue }
            let share = totalScore > 0 ? max(document.score, 0) / totalScore : 1 / Double(documents.count)
            var counts: [String: Int] = [:]
            for word in words { counts[word, default: 0] += 1 }
            for (word, count) in counts { weights[word, default: 0] += share * Double(count) / Double(words.count) }
        }
        let papers = Double(max(try count(), 1))
        // Equal weights are ordered by word: dictionary order changes from run to run.
        let candidates = weights.filter { !exclude.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(settings.terms * 4)
        let frequency = try database.cached("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1")
        var scored: [(word: String, weight: Double)] = []
        for (word, weight) in candidates {
            frequency.reset()
            try frequency.bind([.text(FTSExpression.quote(word))])
            let df = try frequency.step() ? Double(frequency.int(at: 0)) : 0
            guard df > 0 else { continue }
            scored.append((word, weight * log(papers / df)))
        }
        return scored.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.word < $1.word }
            .prefix(settings.terms).map(\.word)
    }

    /// Lower-cased words of at least three letters, without stop words or numbers.
    static func feedbackTokens(_ text: String) -> [String] {
        text.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .filter { $0.count >= 3 && $0.contains(where: \.isLetter) }
            .map(String.init)
            .filter { !AnyWords.stopWords.contains($0) }
    }
}
