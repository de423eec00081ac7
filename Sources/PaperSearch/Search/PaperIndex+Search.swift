import CSQLite

extension PaperIndex {
    /// Runs a search.
    ///
    ///     var request = SearchRequest(query: "\"noisy links\" consensus")
    ///     request.limit = 5
    ///     let results = try index.search(request)
    ///
    /// - Throws: ``QueryError`` when the query cannot be run (nothing searchable, a filter in a
    ///   group, invalid `--raw` syntax); ``SQLiteError`` when SQLite fails.
    public func search(_ request: SearchRequest) throws -> SearchResults {
        // One read snapshot for the count, the page, the facets and the columns read beside
        // the FTS index (inside a caller's transaction, that one). A caller may be stepping
        // through forEachMatch: its statement stays where it is.
        let callers = database.activeStatements()
        let ownTransaction = !database.inTransaction
        if ownTransaction { try database.execute("BEGIN") }
        defer {
            filtersFromColumns = false
            database.resetActiveStatements(except: callers)
            if ownTransaction { try? database.execute("COMMIT") }
        }
        try facetColumns.startSearch()
        filtersFromColumns = facetColumns.usable
        return try searchInSnapshot(request)
    }

    private func searchInSnapshot(_ request: SearchRequest) throws -> SearchResults {
        if !request.raw, request.conditions.isEmpty, let paper = try lookUp(request.query) {
            let hit = SearchHit(paper: paper, score: 0, snippet: HighlightedText(text: Self.lead(of: paper.abstract)),
                                titleHighlights: [], abstractHighlights: [])
            var results = SearchResults(query: request.query, interpreted: nil, notes: [], mode: .all,
                                        lookedUp: true, total: 1, hits: request.offset == 0 ? [hit] : [], facets: [:])
            for facet in request.facets {
                results.facets[facet] = facet == .year
                    ? paper.year.map { [FacetCount(value: String($0), count: 1)] } ?? []
                    : paper.categories.map { FacetCount(value: $0, count: 1) }
            }
            return results
        }

        let parsed = ParsedQuery(request.raw ? "" : request.query)
        var notes = parsed.notes
        var conjuncts = (parsed.root?.conjuncts ?? []) + request.conditions
        var mode = request.mode
        var request = request
        let original = conjuncts
        if mode == .any {
            conjuncts = anyConjuncts(original, options: request.anyOptions)
            request.weights = request.weights(in: .any)
        }

        var plan = try self.plan(mode == .all && !request.raw ? TitlePhrase.boosted(conjuncts) : conjuncts)
        var blend: FeedbackBlend?
        if mode == .any, plan.match != nil {
            let reranked = try reranking(original, plan: plan, request: request)
            blend = reranked.blend
            if let expanded = reranked.expanded {
                (conjuncts, plan) = expanded
            }
        }
        if request.raw {
            guard !request.query.trimmingSpaces().isEmpty else { throw QueryError.empty(request.query) }
            plan.match = request.query
        }
        notes += plan.notes
        guard !plan.isEmpty else { throw QueryError.empty(request.query) }

        // The ranked page counts its matches as it scores them; other pages need a count pass.
        var (hits, counted) = try page(plan, request: request, blend: blend)
        var total = try counted ?? count(plan, raw: request.raw)
        if total == 0, mode == .all, request.fallbackToAny, !request.raw {
            let anyConjuncts = anyConjuncts(conjuncts, options: request.anyOptions)
            if anyConjuncts != conjuncts, let anyPlan = try? self.plan(anyConjuncts), !anyPlan.isEmpty {
                var anyRequest = request
                anyRequest.weights = request.weights(in: .any)
                let (anyHits, anyCounted) = try page(anyPlan, request: anyRequest)
                let anyTotal = try anyCounted ?? count(anyPlan, raw: false)
                if anyTotal > 0 {
                    notes.append("no paper matches all the words; showing papers that match any of them")
                    plan = anyPlan
                    total = anyTotal
                    hits = anyHits
                    mode = .any
                    request = anyRequest
                    conjuncts = anyConjuncts
                }
            }
        }

        var facets: [SearchRequest.Facet: [FacetCount]] = [:]
        if filtersFromColumns, plan.match != nil, !request.facets.isEmpty {
            facets = try countFromColumns(plan, by: request.facets, raw: request.raw)
        } else {
            for facet in request.facets { facets[facet] = try count(plan, by: facet) }
        }
        // Say how the query was read only when that differs from what was typed.
        let interpreted = request.raw ? nil : QueryNode.and(conjuncts).normalized
        let asTyped = interpreted == request.query.trimmingSpaces()
            || notes.isEmpty && mode == request.mode && request.conditions.isEmpty
        return SearchResults(query: request.query, interpreted: asTyped ? nil : interpreted,
                             notes: notes, mode: mode, total: total, hits: hits, facets: facets)
    }

    /// The any-word form of a query, as the request's options shape it.
    func anyConjuncts(_ conjuncts: [QueryNode], options: AnyModeOptions) -> [QueryNode] {
        AnyWords.rewrite(conjuncts, phrases: options.phraseBonus)
    }

    /// Looks up one paper by id in any form ``PaperID/arxiv(_:)`` accepts, by stored id, or by
    /// DOI (`10.1103/...`, `doi:10...`, `https://doi.org/10...`).
    ///
    /// - Returns: the paper, or nil when the index does not hold it.
    public func paper(id text: String) throws -> Paper? {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let key = PaperID.arxiv(trimmed)?.id ?? trimmed
        let byID = try database.prepare("SELECT \(PaperRow.columns) FROM papers p WHERE p.id = ?1")
        try byID.bind([.text(key)])
        if try byID.step() { return PaperRow.paper(from: byID) }
        guard let doi = Self.doi(in: trimmed) else { return nil }
        let byDOI = try database.prepare("SELECT \(PaperRow.columns) FROM papers p WHERE p.doi = ?1 LIMIT 1")
        try byDOI.bind([.text(doi)])
        return try byDOI.step() ? PaperRow.paper(from: byDOI) : nil
    }

    /// A query that is only an arXiv id, arXiv URL or DOI, and names a stored paper.
    private func lookUp(_ query: String) throws -> Paper? {
        let trimmed = query.trimmingSpaces()
        guard !trimmed.contains(where: \.isWhitespace) else { return nil }
        guard PaperID.arxiv(trimmed) != nil || Self.doi(in: trimmed) != nil else { return nil }
        return try paper(id: trimmed)
    }

    static func doi(in text: String) -> String? {
        var rest = Substring(text.lowercased())
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        guard rest.hasPrefix("10."), let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex
        else { return nil }
        return String(rest)
    }

    static func lead(of abstract: String) -> String {
        let words = abstract.split(separator: " ", maxSplits: 40, omittingEmptySubsequences: true)
        return words.count > 40 ? words.prefix(40).joined(separator: " ") + " …" : abstract
    }
}

// MARK: - SQL

extension PaperIndex {
    /// What a text query reads of `papers` (as `p`) besides the FTS table.
    enum PaperColumns {
        /// Nothing: ranking and counting over the FTS table alone keeps common words fast.
        case none
        /// The whole row.
        case row
        /// Only `p.published`, from the narrow (rowid, date) index instead of the wide row.
        case date
    }

    /// The FROM and WHERE of a plan, with its bound values. A query without text words always
    /// reads `papers p`.
    func selection(_ plan: QueryPlan, reading columns: PaperColumns = .none) -> (sql: String, values: [SQLValue]) {
        var sql: String
        var conditions: [String] = []
        var values: [SQLValue] = []
        let rowid: String
        let paperJoined = plan.match == nil || columns != .none
        if let match = plan.match {
            sql = switch columns {
            case .none: "FROM papers_fts"
            case .row: "FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid"
            case .date: "FROM papers_fts JOIN papers p INDEXED BY papers_published_by_rowid ON p.rowid = papers_fts.rowid"
            }
            rowid = "papers_fts.rowid"
            conditions.append("papers_fts MATCH ?")
            values.append(.text(match))
        } else {
            sql = "FROM papers p"
            rowid = "p.rowid"
        }
        for excluded in plan.excluded {
            conditions.append("\(rowid) NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
            values.append(.text(excluded))
        }
        for group in plan.filters {
            let parts = group.map { filterSQL($0, rowid: rowid, paperJoined: paperJoined) }
            conditions.append("(" + parts.map(\.condition).joined(separator: " OR ") + ")")
            values += parts.flatMap(\.values)
        }
        for filter in plan.excludedFilters {
            let part = filterSQL(filter, rowid: rowid, paperJoined: paperJoined)
            conditions.append("NOT " + part.condition)
            values += part.values
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return (sql, values)
    }

    /// A filter's condition: on a text query during a search whose snapshot has complete
    /// ``FacetColumns``, a lookup in them; otherwise the SQL lookup (``QueryFilter/sql(rowid:paperJoined:)``).
    private func filterSQL(_ filter: QueryFilter, rowid: String, paperJoined: Bool) -> (condition: String, values: [SQLValue]) {
        guard filtersFromColumns, !paperJoined else { return filter.sql(rowid: rowid, paperJoined: paperJoined) }
        if let (match, values) = filter.categoryMatch("name"),
           let number = try? facetColumns.categorySet(where: match, values) {
            return ("\(FacetColumns.categoryFunction)(\(rowid), \(number))", [])
        }
        if case .published(let from, let until) = filter, from != nil || until != nil {
            let low = from.map(FacetColumns.dayNumber), high = until.map(FacetColumns.dayNumber)
            if low != .some(nil), high != .some(nil) {
                return ("\(FacetColumns.dateFunction)(\(rowid), ?, ?)",
                        [SQLValue(Int(low.flatMap { $0 } ?? 0)), SQLValue(Int(high.flatMap { $0 } ?? 0))])
            }
        }
        return filter.sql(rowid: rowid, paperJoined: paperJoined)
    }

    /// The year and category facets of a text query in one pass over its matches, from
    /// ``FacetColumns``: the same counts, order and limit as ``count(_:by:)``.
    private func countFromColumns(_ plan: QueryPlan, by wanted: Set<SearchRequest.Facet>, raw: Bool) throws
        -> [SearchRequest.Facet: [FacetCount]] {
        let (from, values) = selection(plan)
        let statement = try database.cached("SELECT papers_fts.rowid \(from)")
        try statement.bind(values)
        // Counts by year and by category id in arrays: hash updates per match were about a
        // sixth of the pass (facets on a word in 13% of 1M papers: 33.6 → 27.8 ms).
        var byYearNumber = [Int](repeating: 0, count: 10_000)
        var byCategoryID: [Int] = []
        let (byYear, byCategory) = (wanted.contains(.year), wanted.contains(.category))
        try rawErrors(raw, plan) {
            while try statement.step() {
                let rowid = Int64(statement.int(at: 0))
                if byYear, let date = facetColumns.date(of: rowid), date != 0 { byYearNumber[Int(date / 10_000) % 10_000] += 1 }
                if byCategory {
                    facetColumns.forEachCategory(of: rowid) { id in
                        let id = Int(id)
                        if id >= byCategoryID.count { byCategoryID.append(contentsOf: repeatElement(0, count: id - byCategoryID.count + 1)) }
                        byCategoryID[id] += 1
                    }
                }
            }
        }
        var years: [UInt32: Int] = [:]
        for (year, count) in byYearNumber.enumerated() where count > 0 { years[UInt32(year)] = count }
        var categories: [UInt32: Int] = [:]
        for (id, count) in byCategoryID.enumerated() where count > 0 { categories[UInt32(id)] = count }
        var facets: [SearchRequest.Facet: [FacetCount]] = [:]
        if byYear {
            facets[.year] = years.sorted { $0.key > $1.key }.map { year, count in
                let digits = String(year)
                return FacetCount(value: String(repeating: "0", count: max(0, 4 - digits.count)) + digits, count: count)
            }
        }
        if byCategory {
            let named = try categories.map { (name: try facetColumns.name(of: $0.key), count: $0.value) }
            facets[.category] = named.sorted { a, b in
                // As ORDER BY n DESC, value under NOCASE: bytes, ASCII letters folded.
                a.count != b.count ? a.count > b.count
                    : FacetColumns.folded(a.name).utf8.lexicographicallyPrecedes(FacetColumns.folded(b.name).utf8)
            }.prefix(30).map { FacetCount(value: $0.name, count: $0.count) }
        }
        return facets
    }

    private func count(_ plan: QueryPlan, raw: Bool) throws -> Int {
        let (from, values) = selection(plan)
        let statement = try database.cached("SELECT count(*) " + from)
        try statement.bind(values)
        return try rawErrors(raw, plan) { try statement.step() ? statement.int(at: 0) : 0 }
    }

    /// Turns FTS5 syntax errors, possible only with `--raw`, into ``QueryError/invalidRaw(query:message:)``.
    func rawErrors<T>(_ raw: Bool, _ plan: QueryPlan, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where raw && error.primaryCode == SQLITE_ERROR {
            throw QueryError.invalidRaw(query: plan.match ?? "", message: error.message)
        }
    }

    /// The hits of one page, and the number of matches when finding the page counted them.
    private func page(_ plan: QueryPlan, request: SearchRequest, blend: FeedbackBlend? = nil) throws
        -> (hits: [SearchHit], total: Int?) {
        var rows: [(rowid: Int, score: Double, paper: Paper)] = []
        var total: Int?
        if let blend, request.sort == .relevance {
            rows = try blended(blend, request: request)
        } else if plan.match != nil, request.sort == .relevance, let ranked = try topRanked(plan, request: request) {
            (rows, total) = ranked
        } else {
            let (from, values) = selection(plan, reading: .row)
            let ranked = plan.match != nil
            let score = ranked ? try rankExpression(plan, request.weights) : "0.0"
            let order: String = switch request.sort {
            case .relevance: ranked ? "score, p.published DESC, p.id" : "p.published DESC, p.id"
            case .newest: "p.published DESC NULLS LAST, p.id"
            case .oldest: "p.published ASC NULLS LAST, p.id"
            }
            let statement = try database.cached(
                "SELECT p.rowid, \(score) AS score, \(PaperRow.indexedColumns) \(from) ORDER BY \(order) LIMIT ? OFFSET ?")
            try statement.bind(values + [SQLValue(max(0, request.limit)), SQLValue(max(0, request.offset))])
            try rawErrors(request.raw, plan) {
                while try statement.step() {
                    rows.append((statement.int(at: 0), -statement.double(at: 1), PaperRow.paper(from: statement, startingAt: 2)))
                }
            }
        }
        guard request.snippets, let match = plan.match else {
            return (rows.map {
                SearchHit(paper: $0.paper, score: $0.score, snippet: HighlightedText(text: Self.lead(of: $0.paper.abstract)),
                          titleHighlights: [], abstractHighlights: [])
            }, total)
        }
        return (try highlight(rows, plan: plan, match: plan.lookupMatch ?? match), total)
    }

    /// The page by BM25 and the number of matches: from the stored lists of a search of
    /// common words (``commonWordsRanked(_:request:)``) or of one word (``TermImpacts``) when
    /// they hold the page, else ranked in SQL.
    private func topRanked(_ plan: QueryPlan, request: SearchRequest) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int?)? {
        guard !request.raw else { return try topRankedBySQL(plan, request: request) }
        if let any = try anyWordsRanked(plan, request: request) { return (any.rows, any.total) }
        if let common = try commonWordsRanked(plan, request: request) { return (common.rows, common.total) }
        if let prefixed = try commonPrefixesRanked(plan, request: request) { return (prefixed.rows, prefixed.total) }
        func fromPostingsOrSQL() throws -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int?)? {
            if let ranked = try postingsRanked(plan, request: request) { return (ranked.rows, ranked.total) }
            return try topRankedBySQL(plan, request: request)
        }
        guard let list = try storedImpacts(plan, weights: request.weights) else { return try fromPostingsOrSQL() }
        // The list is the same SQL's first rows. It serves the page when the page and every
        // row tied with its last one are inside it.
        let wanted = max(0, request.offset) + max(0, request.limit)
        guard wanted > 0 else { return ([], list.documents) }
        guard wanted <= list.ranked.count else { return try fromPostingsOrSQL() }
        let boundary = list.ranked[wanted - 1].score
        let ranked = Array(list.ranked.prefix { $0.score <= boundary })
        if ranked.count == list.ranked.count, ranked.count < list.documents { return try fromPostingsOrSQL() }
        return (try rankedPage(ranked, wanted: wanted, offset: request.offset), list.documents)
    }

    /// ``topRanked(_:request:)`` ranked over the FTS table alone and joined to `papers` only
    /// for the winners. Rows tied with the last one of the page need the newest-then-id
    /// tie-break, so the ranking is widened until the tie ends; past a few thousand tied rows
    /// the caller falls back (nil) to the full query. The first ranking scores every match,
    /// so it also gives the number of matches.
    private func topRankedBySQL(_ plan: QueryPlan, request: SearchRequest) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int?)? {
        let wanted = max(0, request.offset) + max(0, request.limit)
        var limit = wanted + 1
        var ranked: [(rowid: Int, score: Double)] = []
        var total: Int?
        while true {
            let run = try rankAll(plan, weights: request.weights, raw: request.raw, keeping: limit)
            ranked = run.ranked
            if total == nil { total = run.total }
            guard wanted > 0, ranked.count == limit, ranked[limit - 1].score == ranked[wanted - 1].score else { break }
            if limit > 4_096 { return nil }
            limit *= 4
        }
        if wanted > 0, ranked.count > wanted {
            let boundary = ranked[wanted - 1].score
            ranked = Array(ranked.prefix { $0.score <= boundary })
        }
        return (try rankedPage(ranked, wanted: wanted, offset: request.offset), total)
    }

    /// The first `limit` matches of `plan` as SQL ranks them (score: lower is better; rows
    /// with equal scores in no set order), and the number of matches, which the ranking
    /// function counted as it scored each one (``KnownFrequencyBM25``, ``FieldedBM25``; not
    /// FTS5's own `bm25()`).
    func rankAll(_ plan: QueryPlan, weights: RankingWeights = .standard, raw: Bool = false, keeping limit: Int) throws
        -> (ranked: [(rowid: Int, score: Double)], total: Int?) {
        let (from, values) = selection(plan)
        let statement = try database.cached(
            "SELECT papers_fts.rowid, \(try rankExpression(plan, weights)) AS score \(from) ORDER BY score LIMIT ?")
        statement.reset()
        try statement.bind(values + [SQLValue(limit)])
        var ranked: [(rowid: Int, score: Double)] = []
        ranking.rowsScored = 0
        try rawErrors(raw, plan) {
            while try statement.step() { ranked.append((statement.int(at: 0), statement.double(at: 1))) }
        }
        statement.reset()
        return (ranked, ranking.rowsScored)
    }

    /// The papers of ranked rows, equal scores ordered newest first, then by id; the page
    /// from `offset` to `wanted`.
    func rankedPage(_ ranked: [(rowid: Int, score: Double)], wanted: Int, offset: Int) throws
        -> [(rowid: Int, score: Double, paper: Paper)] {
        let fetch = try database.cached("SELECT \(PaperRow.indexedColumns) FROM papers p WHERE p.rowid = ?1")
        var rows: [(rowid: Int, score: Double, paper: Paper)] = []
        for (rowid, score) in ranked {
            fetch.reset()
            try fetch.bind([SQLValue(rowid)])
            guard try fetch.step() else { continue }
            rows.append((rowid, -score, PaperRow.paper(from: fetch)))
        }
        // Equal scores inside the page: newest first, then id.
        rows.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            let (pa, pb) = (a.paper.published ?? "", b.paper.published ?? "")
            return pa != pb ? pa > pb : a.paper.id < b.paper.id
        }
        return Array(rows.prefix(wanted).dropFirst(max(0, offset)))
    }

    private static let open: Unicode.Scalar = "\u{E000}"
    private static let close: Unicode.Scalar = "\u{E001}"

    /// Snippets and highlights for the winners only: FTS5 computes them per row, so doing it
    /// for every match before the LIMIT would cost as much as the search. `match` is any
    /// expression each row matches with the plan's phrases (``QueryPlan/lookupMatch``). When
    /// the plan's phrases are single words or prefixes, ``WordHighlighter`` marks the page's
    /// own text the same way without the lookups.
    private func highlight(_ rows: [(rowid: Int, score: Double, paper: Paper)], plan: QueryPlan, match: String) throws
        -> [SearchHit] {
        let o = String(Self.open), c = String(Self.close)
        let statement = try database.cached("""
            SELECT highlight(papers_fts, 0, '\(o)', '\(c)'), highlight(papers_fts, 1, '\(o)', '\(c)')
            FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = ?2
            """)
        let words = WordHighlighter(expressionOf: plan, tokenizer: try queryWords().stemmer)
        return try rows.map { row in
            let title: HighlightedText, abstract: HighlightedText
            if let words {
                title = words.highlight(row.paper.title, column: 0)
                abstract = words.highlight(row.paper.abstract, column: 1)
            } else {
                statement.reset()
                try statement.bind([.text(match), SQLValue(row.rowid)])
                guard try statement.step() else {
                    return SearchHit(paper: row.paper, score: row.score, snippet: HighlightedText(text: Self.lead(of: row.paper.abstract)),
                                     titleHighlights: [], abstractHighlights: [])
                }
                title = HighlightedText(marked: statement.text(at: 0), open: Self.open, close: Self.close)
                abstract = HighlightedText(marked: statement.text(at: 1), open: Self.open, close: Self.close)
            }
            let snippet = abstract.excerpt(words: Self.snippetWords)
            return SearchHit(paper: row.paper, score: row.score,
                             snippet: snippet.text.isEmpty ? HighlightedText(text: Self.lead(of: row.paper.abstract)) : snippet,
                             titleHighlights: title.ranges, abstractHighlights: abstract.ranges)
        }
    }

    /// Words in a snippet.
    static let snippetWords = 40

    private func count(_ plan: QueryPlan, by facet: SearchRequest.Facet) throws -> [FacetCount] {
        let sql: String
        let values: [SQLValue]
        switch facet {
        case .year:
            let (from, bound) = selection(plan, reading: .date)
            sql = "SELECT substr(p.published, 1, 4) AS value, count(*) \(from) GROUP BY value ORDER BY value DESC"
            values = bound
        case .category:
            let (from, bound) = selection(plan)
            let rowid = plan.match != nil ? "papers_fts.rowid" : "p.rowid"
            sql = "SELECT c.category AS value, count(*) AS n FROM paper_categories c WHERE c.paper IN (SELECT \(rowid) \(from)) GROUP BY c.category ORDER BY n DESC, value LIMIT 30"
            values = bound
        }
        let statement = try database.cached(sql)
        try statement.bind(values)
        var counts: [FacetCount] = []
        while try statement.step() {
            guard !statement.isNull(at: 0) else { continue }
            counts.append(FacetCount(value: statement.text(at: 0), count: statement.int(at: 1)))
        }
        return counts
    }
}

/// How a request runs: the FTS5 expression it matches and the SQL conditions it filters by.
public struct QueryExplanation: Sendable, Equatable {
    /// The FTS5 MATCH expression, with every user word quoted; nil for filter-only queries.
    public var match: String?
    /// SQL conditions on the `papers` row `p`, parameters shown inline for reading.
    public var conditions: [String]
    /// Repairs made while parsing.
    public var notes: [String]
}

extension PaperIndex {
    /// Explains a request without running it (for `--explain`-style tooling and benchmarks).
    ///
    /// - Throws: ``QueryError`` when the query cannot be run.
    public func explain(_ request: SearchRequest) throws -> QueryExplanation {
        let parsed = ParsedQuery(request.query)
        var conjuncts = (parsed.root?.conjuncts ?? []) + request.conditions
        if request.mode == .any { conjuncts = AnyWords.rewrite(conjuncts) }
        let plan = try self.plan(conjuncts)
        var conditions: [String] = []
        for group in plan.filters {
            conditions.append(group.map { Self.inline($0.sql) }.joined(separator: " OR "))
        }
        conditions += plan.excludedFilters.map { "NOT " + Self.inline($0.sql) }
        conditions += plan.excluded.map { "p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH '\($0)')" }
        return QueryExplanation(match: request.raw ? request.query : plan.match, conditions: conditions,
                                notes: parsed.notes + plan.notes)
    }

    private static func inline(_ part: (condition: String, values: [SQLValue])) -> String {
        var text = part.condition
        for value in part.values {
            guard let range = text.range(of: "?") else { break }
            let literal: String = switch value {
            case .text(let string): "'" + string.replacingOccurrences(of: "'", with: "''") + "'"
            case .integer(let number): String(number)
            case .real(let number): String(number)
            case .null: "NULL"
            case .blob(let bytes): "X'" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "'"
            }
            text.replaceSubrange(range, with: literal)
        }
        return text
    }
}
