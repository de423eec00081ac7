/// The `--any` reading of a query: papers matching any of its words rank by how many and how
/// rare, which suits a pasted sentence or abstract. Filters stay as they are.
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

    /// Rewrites the conjuncts: every word and phrase of the text parts joined by OR (stop
    /// words and exclusions dropped), filters kept.
    static func rewrite(_ conjuncts: [QueryNode]) -> [QueryNode] {
        var words: [QueryNode] = []
        var seen: Set<String> = []
        var kept: [QueryNode] = []
        func collect(_ node: QueryNode) {
            switch node {
            case .term(let word, let prefix):
                let key = word.lowercased()
                if (prefix || !stopWords.contains(key)) && seen.insert(key + (prefix ? "*" : "")).inserted {
                    words.append(node)
                }
            case .phrase(let text):
                if seen.insert("\"" + text.lowercased()).inserted { words.append(node) }
            case .near(let children, _), .and(let children), .or(let children):
                children.forEach(collect)
            case .fields:
                if seen.insert(node.normalized).inserted { words.append(node) }
            case .not, .filter:
                break
            }
        }
        for node in conjuncts {
            switch node {
            case .filter, .not(.filter): kept.append(node)
            case .or(let children) where children.allSatisfy({ if case .filter = $0 { true } else { false } }):
                kept.append(node)
            default: collect(node)
            }
        }
        switch words.count {
        case 0: return kept
        case 1: return words + kept
        default: return [.or(words)] + kept
        }
    }
}
