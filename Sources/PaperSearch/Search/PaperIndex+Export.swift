extension PaperIndex {
    /// Calls `body` with every paper matching `request`, best first (or in the request's sort
    /// order), one at a time: memory does not grow with the number of matches.
    ///
    /// An empty query with no conditions visits the whole index, oldest first. The request's
    /// `limit` and `offset` (page settings) are ignored: every match is visited unless `limit`
    /// is given. Snippets are not computed.
    ///
    ///     try index.forEachMatch(SearchRequest(query: "cat:cs.LG")) { paper in print(paper.id) }
    ///
    /// - Returns: the number of papers visited.
    /// - Throws: ``QueryError`` for a query that cannot run; errors thrown by `body`.
    @discardableResult
    public func forEachMatch(_ request: SearchRequest, limit: Int? = nil, _ body: (Paper) throws -> Void) throws -> Int {
        let everything = request.query.trimmingSpaces().isEmpty && request.conditions.isEmpty
        let plan: QueryPlan
        if everything {
            plan = QueryPlan()
        } else if request.raw {
            plan = QueryPlan(match: request.query)
        } else {
            var conjuncts = (ParsedQuery(request.query).root?.conjuncts ?? []) + request.conditions
            if request.mode == .any { conjuncts = AnyWords.rewrite(conjuncts) }
            plan = try self.plan(conjuncts)
            guard !plan.isEmpty else { throw QueryError.empty(request.query) }
        }
        let (from, values) = selection(plan, reading: .row)
        let ranked = plan.match != nil && request.sort == .relevance
        let score = ranked ? try rankExpression(plan, request.weights(in: request.mode)) : ""
        let order: String = switch request.sort {
        case .relevance: ranked ? "\(score), p.published DESC, p.id" : "p.published ASC NULLS LAST, p.id"
        case .newest: "p.published DESC NULLS LAST, p.id"
        case .oldest: "p.published ASC NULLS LAST, p.id"
        }
        var sql = "SELECT \(PaperRow.columns) \(from) ORDER BY \(order)"
        var bound = values
        if let limit {
            sql += " LIMIT ?"
            bound.append(SQLValue(max(0, limit)))
        }
        let statement = try database.prepare(sql)
        try statement.bind(bound)
        var visited = 0
        while try rawErrors(request.raw, plan, { try statement.step() }) {
            try body(PaperRow.paper(from: statement))
            visited += 1
        }
        return visited
    }
}

extension QueryPlan {
    /// A plan that selects every paper.
    init() {}

    /// A plan for a raw FTS5 expression.
    init(match: String) {
        self.match = match
    }
}
