/// The `--any` reading of a query: papers matching any of its words rank by how many and how
/// rare, which suits a pasted sentence, a question or an abstract. Filters stay as they are.
enum AnyWords {
    /// Common English words that carry no topic; dropped in any-word mode, where each one
    /// would otherwise match most of the index.
    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
        "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
        "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "now", "of",
        "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same",
        "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "then", "there", "these", "they", "this", "those", "through", "thus", "to", "too", "under",
        "until", "up", "upon", "very", "via", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "within", "without", "would", "you", "your",
    ]

    /// Each pair of adjacent kept words of the text parts, as a two-word phrase.
    static func adjacentPairs(_ conjuncts: [QueryNode]) -> [QueryNode] {
        let single = Set(rewrite(conjuncts).flatMap(\.rankedWords).map(\.normalized))
        return rewrite(conjuncts, phrases: true).flatMap(\.rankedWords).filter { !single.contains($0.normalized) }
    }

    /// Each long plain word cut to its beginning, as a prefix term: 8 letters become 6.
    static func wordStarts(_ conjuncts: [QueryNode]) -> [QueryNode] {
        var seen: Set<String> = []
        return rewrite(conjuncts).flatMap(\.rankedWords).compactMap { node in
            guard case .term(let word, false) = node, word.count >= 7, word.allSatisfy(\.isLetter) else { return nil }
            let start = String(word.lowercased().prefix(max(5, word.count - 3)))
            return seen.insert(start).inserted ? .term(start, prefix: true) : nil
        }
    }

    /// Rewrites the conjuncts: every word and phrase of the text parts joined by OR (stop
    /// words dropped), filters and top-level exclusions kept.
    ///
    /// - Parameters:
    ///   - phrases: also add each pair of adjacent kept words as a phrase, so papers that use
    ///     the words together rank higher (each phrase is one more BM25 term).
    ///   - extra: more words to OR in (from relevance feedback).
    static func rewrite(_ conjuncts: [QueryNode], phrases: Bool = false, extra: [String] = []) -> [QueryNode] {
        var words: [QueryNode] = []
        var seen: Set<String> = []
        var kept: [QueryNode] = []
        var run: [String] = []  // adjacent kept plain words, for phrases
        var pairs: [QueryNode] = []

        func flushRun() {
            if phrases, run.count > 1 {
                for (a, b) in zip(run, run.dropFirst()) where seen.insert("\"\(a) \(b)").inserted {
                    pairs.append(.phrase("\(a) \(b)"))
                }
            }
            run = []
        }
        func collect(_ node: QueryNode) {
            switch node {
            case .term(let word, let prefix):
                let key = word.lowercased()
                guard prefix || !stopWords.contains(key) else {
                    flushRun()
                    return
                }
                if !prefix { run.append(key) }
                if seen.insert(key + (prefix ? "*" : "")).inserted { words.append(node) }
            case .phrase(let text):
                flushRun()
                if seen.insert("\"" + text.lowercased()).inserted { words.append(node) }
            case .near(let children, _), .and(let children), .or(let children):
                children.forEach(collect)
            case .fields:
                flushRun()
                if seen.insert(node.normalized).inserted { words.append(node) }
            case .not, .filter:
                flushRun()
            }
        }
        for node in conjuncts {
            switch node {
            // Filters and top-level exclusions keep their meaning: any of the words, but not these.
            case .filter, .not: kept.append(node)
            case .or(let children) where children.allSatisfy({ if case .filter = $0 { true } else { false } }):
                kept.append(node)
            default: collect(node)
            }
        }
        flushRun()
        var all = words + pairs
        for word in extra where seen.insert(word).inserted { all.append(.term(word, prefix: false)) }
        switch all.count {
        case 0: return kept
        case 1: return all + kept
        default: return [.or(all)] + kept
        }
    }
}

extension QueryNode {
    /// The words and phrases of an any-word query (the children of its OR), not its filters.
    var rankedWords: [QueryNode] {
        switch self {
        case .or(let children): children.filter { !$0.isFilterConjunct }
        case .term, .phrase, .fields, .near: [self]
        default: []
        }
    }
}
