/// A parsed query split into what FTS5 matches and what SQL filters, ready to run.
struct QueryPlan {
    /// The FTS5 expression papers must match, or nil when the query has no positive text.
    var match: String?
    /// FTS5 expressions whose matches are excluded (used only when there is no positive text,
    /// since FTS5's NOT needs a left-hand side).
    var excluded: [String] = []
    /// Filters that must all hold; each inner list is an OR group.
    var filters: [[QueryFilter]] = []
    /// Filters that must not hold.
    var excludedFilters: [QueryFilter] = []
    /// Repairs made while planning, for the user.
    var notes: [String] = []
    /// When the text is one plain word, alone or within one field (`quantum`, `title:quantum`),
    /// and nothing is excluded: the word and the field (nil: the whole paper).
    var singleWord: (word: String, field: TextField?)?
    /// When the text is only plain words in the whole paper (`quantum dots`), and nothing is
    /// excluded: the words, in the order FTS5 numbers their phrases.
    var plainWords: [String]?
    /// When the text is only words and prefixes in the whole paper (`fla* reatous`), each one
    /// FTS5 phrase (not a prefix the tokenizer would change, which becomes several), and
    /// nothing is excluded: each word or prefix, in the order FTS5 numbers their phrases.
    var plainTerms: [(text: String, prefix: Bool)]?
    /// When the text is one OR of two or more plain words in the whole paper (what `--any`
    /// makes of a pasted abstract), and nothing is excluded: the words, in the order FTS5
    /// numbers their phrases.
    var anyWords: [String]?
    /// When the text is only words, each plain or within one field (`au:smith quantum`), and
    /// nothing is excluded: the words and their fields (nil: the whole paper), in the order
    /// FTS5 numbers their phrases.
    var conjunctWords: [(word: String, field: TextField?)]?
    /// True when FTS5's `highlight()` marks every instance of every phrase in a paper that
    /// matches: nothing is excluded and no phrase is in a NEAR group, whose instances count
    /// only near each other.
    var marksEveryInstance = false
    /// When the text is only words and phrases, each plain or within one field
    /// (`"the model" au:smith`), and nothing is excluded: their texts and fields (nil: the
    /// whole paper), in the order FTS5 numbers their phrases.
    var conjunctPhrases: [(text: String, field: TextField?)]?
    /// For words each plain or within one field (``conjunctWords``, two or more): the same
    /// phrases in the same order, joined by OR, for looking up by rowid a paper known to match. FTS5 gives such a paper
    /// the same phrase instances (so the same highlights and scores) either way, and finds it
    /// faster: at 1M papers, ten lookups of three ANDed words took 2.0-3.3 ms, of the same words
    /// ORed 0.6-1.2 ms.
    var lookupMatch: String?

    /// Plans `nodes`, the conjuncts of a query (top-level AND).
    ///
    /// - Parameter prefixes: see ``FTSExpression/render(_:prefixes:)``.
    /// - Throws: ``QueryError/filterInGroup(_:)`` when a field filter is mixed into an OR or a
    ///   field group with text, which SQL filters cannot express alongside FTS5 ranking.
    init(conjuncts nodes: [QueryNode], prefixes: (String) -> String? = { _ in nil }) throws {
        var positive: [QueryNode] = []
        var negative: [QueryNode] = []
        for node in nodes {
            switch node {
            case .filter(let filter):
                filters.append([filter])
            case .not(.filter(let filter)):
                excludedFilters.append(filter)
            case .or(let children) where children.allSatisfy({ if case .filter = $0 { true } else { false } }):
                filters.append(children.compactMap { if case .filter(let f) = $0 { f } else { nil } })
            case .not(let inner):
                guard !inner.containsFilter else { throw QueryError.filterInGroup(node.normalized) }
                negative.append(inner)
            default:
                guard !node.containsFilter else { throw QueryError.filterInGroup(node.normalized) }
                positive.append(node)
            }
        }
        var rendered: [String] = []
        for node in positive {
            if let text = FTSExpression.render(node, prefixes: prefixes) {
                rendered.append(text)
            } else {
                notes.append("ignored '\(node.normalized)': a group of exclusions needs a word to exclude from")
            }
        }
        marksEveryInstance = negative.isEmpty && !positive.contains { $0.containsNear }
        if negative.isEmpty, positive.count == 1 {
            switch positive[0] {
            case .term(let word, prefix: false): singleWord = (word, nil)
            case .fields(let fields, .term(let word, prefix: false)) where fields.count == 1: singleWord = (word, fields.first)
            default: break
            }
        }
        if negative.isEmpty, positive.count == 1, rendered.count == 1, case .or(let children) = positive[0], children.count > 1 {
            let words = children.compactMap { if case .term(let word, prefix: false) = $0 { word } else { nil } }
            if words.count == children.count, rendered[0] == "(" + words.map(FTSExpression.quote).joined(separator: " OR ") + ")" {
                anyWords = words
            }
        }
        if negative.isEmpty, !positive.isEmpty, rendered.count == positive.count {
            // Each part's text, field, and whether it is a word rather than a quoted phrase.
            let parts: [(text: String, field: TextField?, word: Bool)] = positive.compactMap {
                switch $0 {
                case .term(let text, prefix: false): (text, nil, true)
                case .phrase(let text): (text, nil, false)
                case .fields(let fields, .term(let text, prefix: false)) where fields.count == 1: (text, fields.first, true)
                case .fields(let fields, .phrase(let text)) where fields.count == 1: (text, fields.first, false)
                default: nil
                }
            }
            let terms = zip(positive, rendered).compactMap { node, text -> (text: String, prefix: Bool)? in
                guard case .term(let word, let prefix) = node, text == FTSExpression.quote(word) + (prefix ? "*" : "")
                else { return nil }
                return (word, prefix)
            }
            if terms.count == positive.count { plainTerms = terms }
            if parts.count == positive.count {
                conjunctPhrases = parts.map { ($0.text, $0.field) }
                if parts.allSatisfy(\.word) {
                    conjunctWords = parts.map { ($0.text, $0.field) }
                    if parts.allSatisfy({ $0.field == nil }) { plainWords = parts.map(\.text) }
                    if parts.count > 1 { lookupMatch = "(" + rendered.joined(separator: " OR ") + ")" }
                }
            }
        }
        let excludedTexts = negative.compactMap { FTSExpression.render($0, prefixes: prefixes) }
        if rendered.isEmpty {
            excluded = excludedTexts
        } else {
            var expression = rendered.count == 1 ? rendered[0] : "(" + rendered.joined(separator: " AND ") + ")"
            for text in excludedTexts { expression = "(\(expression) NOT \(text))" }
            match = expression
        }
    }

    /// True when there is nothing at all to select by.
    var isEmpty: Bool {
        match == nil && excluded.isEmpty && filters.isEmpty && excludedFilters.isEmpty
    }
}

extension QueryNode {
    /// True when a NEAR group is in this node.
    var containsNear: Bool {
        switch self {
        case .near: true
        case .and(let children), .or(let children): children.contains { $0.containsNear }
        case .not(let inner), .fields(_, let inner): inner.containsNear
        case .term, .phrase, .filter: false
        }
    }

    /// The top-level AND parts of the query.
    var conjuncts: [QueryNode] {
        if case .and(let children) = self { return children }
        return [self]
    }

    var containsFilter: Bool {
        switch self {
        case .filter: true
        case .term, .phrase: false
        case .near(let children, _), .and(let children), .or(let children): children.contains { $0.containsFilter }
        case .not(let child), .fields(_, let child): child.containsFilter
        }
    }
}

extension QueryFilter {
    /// The SQL condition for the paper whose rowid is `rowid`, with its bound values.
    /// Category filters are correlated lookups on the (category, paper) key: one index probe
    /// per candidate, instead of materializing every paper of a large category. Date filters
    /// read `p.published` when the query already has `p` (`paperJoined`: the papers table
    /// drives it, or it is joined), and otherwise probe the narrow (rowid, date) index, not
    /// the wide row.
    func sql(rowid: String, paperJoined: Bool) -> (condition: String, values: [SQLValue]) {
        switch self {
        case .category, .categoryPrefix:
            let (match, values) = categoryMatch("category")!
            return ("EXISTS (SELECT 1 FROM paper_categories WHERE paper = \(rowid) AND \(match))", values)
        case .published(let from, let until):
            let date = paperJoined ? "p.published" : "d.published"
            let (range, values): (String, [SQLValue]) = switch (from, until) {
            case let (from?, until?): ("\(date) >= ? AND \(date) < ?", [.text(from), .text(until)])
            case let (from?, nil): ("\(date) >= ?", [.text(from)])
            case let (nil, until?): ("\(date) < ?", [.text(until)])
            case (nil, nil): ("1", [])
            }
            if paperJoined { return ("(\(range))", values) }
            return ("EXISTS (SELECT 1 FROM papers d INDEXED BY papers_published_by_rowid WHERE d.rowid = \(rowid) AND \(range))", values)
        case .id(let id):
            return ("\(rowid) = (SELECT rowid FROM papers WHERE id = ?)", [.text(id)])
        }
    }

    /// For a category filter, the condition on a column of category names `column`, as
    /// `paper_categories.category` (NOCASE) compares them; nil for other filters.
    func categoryMatch(_ column: String) -> (condition: String, values: [SQLValue])? {
        switch self {
        case .category(let name):
            return ("\(column) = ?", [.text(name)])
        case .categoryPrefix(let prefix):
            // A range on the category: from the prefix up to the prefix with its last character
            // incremented (`cs.` .. `cs/`). `cs.*` also matches the bare archive `cs`.
            let upper = String(prefix.unicodeScalars.dropLast())
                + String(Unicode.Scalar(prefix.unicodeScalars.last!.value + 1) ?? "\u{10FFFF}")
            let archive = prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix
            return ("(\(column) = ? OR (\(column) >= ? AND \(column) < ?))", [.text(archive), .text(prefix), .text(upper)])
        case .published, .id:
            return nil
        }
    }

    /// The condition for the `papers` row aliased `p`.
    var sql: (condition: String, values: [SQLValue]) { sql(rowid: "p.rowid", paperJoined: true) }
}
