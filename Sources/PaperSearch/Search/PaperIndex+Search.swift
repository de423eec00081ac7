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
        if mode == .any { conjuncts = AnyWords.rewrite(conjuncts) }

        var plan = try QueryPlan(conjuncts: conjuncts)
        if request.raw {
            guard !request.query.trimmingSpaces().isEmpty else { throw QueryError.empty(request.query) }
            plan.match = request.query
        }
        notes += plan.notes
        guard !plan.isEmpty else { throw QueryError.empty(request.query) }

        var total = try count(plan, raw: request.raw)
        if total == 0, mode == .all, request.fallbackToAny, !request.raw {
            let anyConjuncts = AnyWords.rewrite(conjuncts)
            if anyConjuncts != conjuncts, let anyPlan = try? QueryPlan(conjuncts: anyConjuncts), !anyPlan.isEmpty {
                let anyTotal = try count(anyPlan, raw: false)
                if anyTotal > 0 {
                    notes.append("no paper matches all the words; showing papers that match any of them")
                    plan = anyPlan
                    total = anyTotal
                    mode = .any
                    conjuncts = anyConjuncts
                }
            }
        }

        let hits = try page(plan, request: request)
        var facets: [SearchRequest.Facet: [FacetCount]] = [:]
        for facet in request.facets { facets[facet] = try count(plan, by: facet) }
        let interpreted = request.raw ? nil : QueryNode.and(conjuncts).normalized
        return SearchResults(
            query: request.query,
            interpreted: interpreted == request.query.trimmingSpaces() || notes.isEmpty && mode == request.mode && request.conditions.isEmpty
                ? nil : interpreted,
            notes: notes, mode: mode, total: total, hits: hits, facets: facets)
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
    /// The FROM and WHERE of a plan, with its bound values.
    func selection(_ plan: QueryPlan) -> (sql: String, values: [SQLValue]) {
        var sql: String
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let match = plan.match {
            sql = "FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid"
            conditions.append("papers_fts MATCH ?")
            values.append(.text(match))
        } else {
            sql = "FROM papers p"
        }
        for excluded in plan.excluded {
            conditions.append("p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
            values.append(.text(excluded))
        }
        for group in plan.filters {
            let parts = group.map(\.sql)
            conditions.append("(" + parts.map(\.condition).joined(separator: " OR ") + ")")
            values += parts.flatMap(\.values)
        }
        for filter in plan.excludedFilters {
            let part = filter.sql
            conditions.append("NOT " + part.condition)
            values += part.values
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return (sql, values)
    }

    private func count(_ plan: QueryPlan, raw: Bool) throws -> Int {
        let (from, values) = selection(plan)
        // Without date or id filters the join to `papers` is not needed to count.
        let sql = plan.match != nil && plan.filters.isEmpty && plan.excludedFilters.isEmpty && plan.excluded.isEmpty
            ? "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?"
            : "SELECT count(*) " + from
        let statement = try database.prepare(sql)
        try statement.bind(sql.hasSuffix("MATCH ?") ? Array(values.prefix(1)) : values)
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

    private func page(_ plan: QueryPlan, request: SearchRequest) throws -> [SearchHit] {
        let (from, values) = selection(plan)
        let ranked = plan.match != nil
        let score = ranked ? RankingWeights.bm25 : "0.0"
        let order: String = switch request.sort {
        case .relevance: ranked ? "score, p.published DESC, p.id" : "p.published DESC, p.id"
        case .newest: "p.published DESC NULLS LAST, p.id"
        case .oldest: "p.published ASC NULLS LAST, p.id"
        }
        let sql = "SELECT p.rowid, \(score) AS score, \(PaperRow.indexedColumns) \(from) ORDER BY \(order) LIMIT ? OFFSET ?"
        let statement = try database.prepare(sql)
        try statement.bind(values + [SQLValue(max(0, request.limit)), SQLValue(max(0, request.offset))])

        var rows: [(rowid: Int, score: Double, paper: Paper)] = []
        try rawErrors(request.raw, plan) {
            while try statement.step() {
                rows.append((statement.int(at: 0), -statement.double(at: 1), PaperRow.paper(from: statement, startingAt: 2)))
            }
        }
        guard request.snippets, let match = plan.match else {
            return rows.map {
                SearchHit(paper: $0.paper, score: $0.score, snippet: HighlightedText(text: Self.lead(of: $0.paper.abstract)),
                          titleHighlights: [], abstractHighlights: [])
            }
        }
        return try highlight(rows, match: match)
    }

    private static let open: Unicode.Scalar = "\u{E000}"
    private static let close: Unicode.Scalar = "\u{E001}"

    /// Snippets and highlights for the winners only: FTS5 computes them per row, so doing it
    /// for every match before the LIMIT would cost as much as the search.
    private func highlight(_ rows: [(rowid: Int, score: Double, paper: Paper)], match: String) throws -> [SearchHit] {
        let o = String(Self.open), c = String(Self.close)
        let statement = try database.prepare("""
            SELECT snippet(papers_fts, 1, '\(o)', '\(c)', '…', 40),
                   highlight(papers_fts, 0, '\(o)', '\(c)'),
                   highlight(papers_fts, 1, '\(o)', '\(c)')
            FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = ?2
            """)
        return try rows.map { row in
            statement.reset()
            try statement.bind([.text(match), SQLValue(row.rowid)])
            guard try statement.step() else {
                return SearchHit(paper: row.paper, score: row.score, snippet: HighlightedText(text: Self.lead(of: row.paper.abstract)),
                                 titleHighlights: [], abstractHighlights: [])
            }
            let snippet = HighlightedText(marked: statement.text(at: 0), open: Self.open, close: Self.close)
            let title = HighlightedText(marked: statement.text(at: 1), open: Self.open, close: Self.close)
            let abstract = HighlightedText(marked: statement.text(at: 2), open: Self.open, close: Self.close)
            return SearchHit(paper: row.paper, score: row.score,
                             snippet: snippet.text.isEmpty ? HighlightedText(text: Self.lead(of: row.paper.abstract)) : snippet,
                             titleHighlights: title.ranges, abstractHighlights: abstract.ranges)
        }
    }

    private func count(_ plan: QueryPlan, by facet: SearchRequest.Facet) throws -> [FacetCount] {
        let (from, values) = selection(plan)
        let sql: String = switch facet {
        case .year:
            "SELECT substr(p.published, 1, 4) AS value, count(*) \(from) GROUP BY value ORDER BY value DESC"
        case .category:
            "SELECT c.category AS value, count(*) AS n FROM paper_categories c WHERE c.paper IN (SELECT p.rowid \(from)) GROUP BY c.category ORDER BY n DESC, value LIMIT 30"
        }
        let statement = try database.prepare(sql)
        try statement.bind(values)
        var counts: [FacetCount] = []
        while try statement.step() {
            guard !statement.isNull(at: 0) else { continue }
            counts.append(FacetCount(value: statement.text(at: 0), count: statement.int(at: 1)))
        }
        return counts
    }
}
