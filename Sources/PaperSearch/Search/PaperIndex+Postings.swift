extension PaperIndex {
    /// Deepest page (offset + limit) served from ``TermPostings``; deeper pages go to SQL.
    static let deepestPostingsPage = 1_000
    /// Papers tied with a page's last one that are fetched to order them; with more, SQL
    /// ranks the search (as ``topRankedBySQL(_:request:)`` gives up past a few thousand).
    static let mostPostingsTies = 4_096

    /// The page and total of a search made only of words and two-word phrases that have
    /// ``TermPostings`` (each word plain or in the author field; see ``WordPairs`` for the
    /// phrases), with any category and date filters, or nil when the lists cannot give them
    /// (SQL then ranks every match).
    ///
    /// FTS5 matches a word by reading its whole doclist, positions included: at 1M papers,
    /// counting the papers of two words in about 6% of them took 3.4 ms. Here the words' lists
    /// are intersected, shortest first, the filters read from ``FacetMembers`` (or
    /// ``FacetColumns``), and each match scored with ``KnownFrequencyBM25/term(idf:frequency:length:averageLength:)``,
    /// summed as `papers_bm25` sums it, from the same counts, lengths and frequencies, so the
    /// scores are the same to the last bit. Papers tied with the page's last score are all
    /// fetched and ordered as the SQL path orders them.
    func postingsRanked(_ plan: QueryPlan, request: SearchRequest) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        let wanted = max(0, request.offset) + max(0, request.limit)
        guard request.weights == .standard, !request.raw, filtersFromColumns, plan.excluded.isEmpty,
              wanted <= Self.deepestPostingsPage, let words = plan.conjunctPhrases, let match = plan.match,
              let phrases = FTSPhrase.phrases(in: match), phrases.count == words.count,
              words.allSatisfy({ $0.field.map(TermPostings.fields.contains) ?? true }) else { return nil }
        let stemmer = try queryWords().stemmer
        var lists: [any PostingsList] = []
        for (word, phrase) in zip(words, phrases) {
            guard let key = Self.postingsKey(word.text, field: word.field, phrase: phrase, stemmer: stemmer),
                  let list = try StoredPostings.load(database, token: key, field: word.field) else { return nil }
            lists.append(list)
        }
        guard let filters = try rowFilters(plan), let (idf, averageLength) = try postingsBM25(plan, lists: lists)
        else { return nil }
        documentLengths.startQuery()
        guard let (rowids, found) = Self.intersect(lists) else { return nil }
        // Positions in `rowids` of the matches that pass the filters; nil: every match.
        var passed: [Int]?
        for group in filters {
            guard let passing = passing(group, rowids, passed) else { return nil }
            passed = passing
        }
        let candidates = passed ?? Array(rowids.indices)
        guard wanted > 0 else { return ([], candidates.count) }
        guard let matches = scored(candidates, of: rowids, frequencies: found, idf: idf, averageLength: averageLength)
        else { return nil }

        // The `wanted` best scores (lower is better), then every match tied with the last.
        var best: [Double] = []
        best.reserveCapacity(wanted + 1)
        for match in matches where best.count < wanted || match.score < best[best.count - 1] {
            let at = best.firstIndex { $0 > match.score } ?? best.count
            best.insert(match.score, at: at)
            if best.count > wanted { best.removeLast() }
        }
        let boundary = best.count == wanted ? best[wanted - 1] : .infinity
        let ranked = matches.filter { $0.score <= boundary }
        guard ranked.count <= wanted + Self.mostPostingsTies else { return nil }
        return (try rankedPage(ranked, wanted: wanted, offset: request.offset), matches.count)
    }

    /// The key in `term_postings` of `text` searched in `field`, which FTS5 numbers as the
    /// expression's `phrase`: a word's token, or a two-word phrase's tokens (``WordPairs``,
    /// whole papers only); nil when the phrase is not that text or no list can hold it.
    static func postingsKey(_ text: String, field: TextField?, phrase: FTSPhrase, stemmer: FTS5Tokenizer) -> String? {
        let tokens = stemmer.queryTokens(text, prefix: false)
        guard !phrase.prefix, phrase.columns == field.map({ [$0.rawValue] }),
              stemmer.queryTokens(phrase.text, prefix: false) == tokens else { return nil }
        switch tokens.count {
        case 1: return tokens[0]
        case 2 where field == nil: return WordPairs.key(tokens[0], tokens[1])
        default: return nil
        }
    }

    /// What `papers_bm25` reads for `plan`, whose phrases have `lists`: each phrase's idf and
    /// the average paper length. Nil when the lists are not of FTS5's index as it is.
    func postingsBM25(_ plan: QueryPlan, lists: [any PostingsList]) throws -> (idf: [Double], averageLength: Double)? {
        guard let state = try TermImpacts.currentState(database),
              let (rows, tokens, given) = try rankingTotals(plan, averages: state.averages) else { return nil }
        // A phrase not given a count counts its own papers: the list's length.
        let papers = Double(rows)
        let idf = lists.enumerated().map { phrase, list in
            let documents = phrase < given.count ? given[phrase] ?? list.count : list.count
            return KnownFrequencyBM25.idf(papers: papers, documents: Double(documents))
        }
        return (idf, Double(tokens) / papers)
    }

    /// The `candidates` (positions in `rowids`, from ``intersect(_:)`` with its `frequencies`)
    /// with their scores as `papers_bm25` computes them (lower is better), or nil when a
    /// paper's length is not stored.
    func scored(_ candidates: [Int], of rowids: [Int], frequencies: [[UInt32]], idf: [Double], averageLength: Double)
        -> [(rowid: Int, score: Double)]? {
        // The lengths first, in a loop of their own: each is a cache miss at 1M papers, and
        // with nothing else in the loop the processor overlaps them.
        var lengths = [Int](repeating: 0, count: candidates.count)
        for (index, candidate) in candidates.enumerated() {
            guard let length = documentLengths.length(of: Int64(rowids[candidate])) else { return nil }
            lengths[index] = length
        }
        var matches: [(rowid: Int, score: Double)] = []
        matches.reserveCapacity(candidates.count)
        for (index, candidate) in candidates.enumerated() {
            let length = Double(lengths[index])
            // As papers_bm25 sums a row's phrases: in phrase order, from 0, then negated.
            var score = 0.0
            for phrase in idf.indices {
                score += KnownFrequencyBM25.term(idf: idf[phrase], frequency: Double(frequencies[phrase][candidate]),
                                                 length: length, averageLength: averageLength)
            }
            matches.append((rowids[candidate], -1.0 * score))
        }
        return matches
    }

    /// A filter as ``FacetColumns`` evaluates it, as the SQL functions of ``selection(_:reading:)`` do.
    enum RowFilter {
        /// Has a category of the set (``FacetColumns/categorySet(where:_:)``).
        case categories(Int)
        /// Is in the set (``FacetMembers`` of categories or years).
        case members(TermMembers)
        /// Published on a day from `from` (0: any) up to, not including, `until` (0: any).
        case published(from: UInt32, until: UInt32)
        /// A date filter with no bound.
        case always
        /// Passes where the filter fails (`-cat:hep-th`).
        indirect case not(RowFilter)
    }

    /// The plan's filters, OR groups within an AND, or nil when one cannot be read from the
    /// facet columns (`id:`, or a date SQL would compare as text).
    private func rowFilters(_ plan: QueryPlan) throws -> [[RowFilter]]? {
        func rowFilter(_ filter: QueryFilter) throws -> RowFilter? {
            if let (condition, values) = filter.categoryMatch("name") {
                let set = try facetColumns.categorySet(where: condition, values)
                var members = TermMembers(rowids: [])
                for id in facetColumns.categoryIDs(inSet: set) {
                    guard let category = try facetMembers.category(id: id) else { return .categories(set) }
                    members.formUnion(category)
                }
                return .members(members)
            }
            guard case .published(let from, let until) = filter else { return nil }
            guard from != nil || until != nil else { return .always }
            let low = from.map(FacetColumns.dayNumber), high = until.map(FacetColumns.dayNumber)
            guard low != .some(nil), high != .some(nil) else { return nil }
            let (start, end) = (low.flatMap { $0 } ?? 0, high.flatMap { $0 } ?? 0)
            if let years = try facetMembers.published(from: start, until: end) { return .members(years) }
            return .published(from: start, until: end)
        }
        var groups: [[RowFilter]] = []
        for group in plan.filters {
            var filters: [RowFilter] = []
            for filter in group {
                guard let row = try rowFilter(filter) else { return nil }
                filters.append(row)
            }
            groups.append(filters)
        }
        for filter in plan.excludedFilters {
            guard let row = try rowFilter(filter) else { return nil }
            groups.append([.not(row)])
        }
        return groups
    }

    /// The candidates (positions in `rowids`; nil: all of them) that pass a filter of
    /// `group`; nil when the facet columns do not hold one of them.
    private func passing(_ group: [RowFilter], _ rowids: [Int], _ candidates: [Int]?) -> [Int]? {
        if group.count == 1, case .members(let members) = group[0] {
            // One set (a category or a range of years): a bit test per candidate, kept in one
            // pass. Through the general path below, the flags and the copies of the
            // candidates cost a third of a year filter's search over a word in 11% of 1M
            // papers.
            return members.words.withUnsafeBufferPointer { words in
                rowids.withUnsafeBufferPointer { rowids in
                    var kept: [Int] = []
                    @inline(__always) func test(_ position: Int) {
                        let rowid = rowids[position]
                        if rowid >> 6 < words.count, words[rowid >> 6] & (1 << UInt64(rowid & 63)) != 0 { kept.append(position) }
                    }
                    if let candidates {
                        for position in candidates { test(position) }
                    } else {
                        for position in rowids.indices { test(position) }
                    }
                    return kept
                }
            }
        }
        let candidates = candidates ?? Array(rowids.indices)
        var passed = [Bool](repeating: false, count: candidates.count)
        for filter in group {
            guard let passes = passes(filter, rowids, candidates) else { return nil }
            for index in passed.indices where passes[index] { passed[index] = true }
        }
        return candidates.indices.filter { passed[$0] }.map { candidates[$0] }
    }

    /// For each candidate (a position in `rowids`), whether its paper passes `filter`; nil
    /// when the facet columns do not hold one of them. One loop per filter: a lookup per
    /// match through the general path cost more than the lookup itself.
    private func passes(_ filter: RowFilter, _ rowids: [Int], _ candidates: [Int]) -> [Bool]? {
        switch filter {
        case .always:
            return [Bool](repeating: true, count: candidates.count)
        case .not(let inner):
            return passes(inner, rowids, candidates)?.map { !$0 }
        case .members(let members):
            return members.words.withUnsafeBufferPointer { words in
                candidates.map { candidate in
                    let rowid = rowids[candidate]
                    return rowid >> 6 < words.count && words[rowid >> 6] & (1 << UInt64(rowid & 63)) != 0
                }
            }
        case .categories, .published:
            // Rowids ascend: the candidates go by runs in one chunk of facet columns.
            var result = [Bool](repeating: false, count: candidates.count)
            var index = 0
            while index < candidates.count {
                let number = rowids[candidates[index]] / FacetColumns.chunkSize
                guard let chunk = facetColumns.chunk(of: Int64(number * FacetColumns.chunkSize))?.chunk else { return nil }
                var end = index
                while end < candidates.count, rowids[candidates[end]] / FacetColumns.chunkSize == number { end += 1 }
                switch filter {
                case .categories(let set):
                    for at in index..<end {
                        result[at] = facetColumns.has(chunk, rowids[candidates[at]] % FacetColumns.chunkSize, categoryIn: set)
                    }
                case .published(let from, let until):
                    chunk.dates.withUnsafeBytes { dates in
                        for at in index..<end {
                            let offset = 4 * (rowids[candidates[at]] % FacetColumns.chunkSize)
                            let date = offset + 4 <= dates.count
                                ? UInt32(littleEndian: dates.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) : 0
                            result[at] = date != 0 && date >= from && (until == 0 || date < until)
                        }
                    }
                default:
                    break
                }
                index = end
            }
            return result
        }
    }

    /// The rowids in every list, ascending, and the frequency of each in each list; nil when
    /// a list cannot be read.
    static func intersect(_ lists: [any PostingsList]) -> (rowids: [Int], frequencies: [[UInt32]])? {
        guard !lists.isEmpty else { return ([], []) }
        // The shortest list of rowids gives the candidates (a bitmap's rowids are listed only
        // when every list is one); each other list in turn keeps those it holds.
        var order = lists.indices.sorted { lists[$0].count < lists[$1].count }
        let driver = order.first { !lists[$0].isBitmap } ?? order[0]
        order.removeAll { $0 == driver }
        guard let first = lists[driver].decoded() else { return nil }
        var rowids = first.rowids
        var frequencies = [[UInt32]](repeating: [], count: lists.count)
        frequencies[driver] = first.frequencies
        for other in order {
            guard let (kept, found) = lists[other].frequencies(of: rowids) else { return nil }
            rowids = kept.map { rowids[$0] }
            for earlier in frequencies.indices where earlier == driver || !frequencies[earlier].isEmpty {
                frequencies[earlier] = kept.map { frequencies[earlier][$0] }
            }
            frequencies[other] = found
        }
        return (rowids, frequencies)
    }

    /// The first index at or after `start` in ascending `list` whose rowid is at least
    /// `rowid`: by doubling steps, then a binary search below the step that passed it.
    static func firstIndex(in list: [Int], notBelow rowid: Int, from start: Int) -> Int {
        var low = start
        guard low < list.count, list[low] < rowid else { return low }
        var step = 1
        var high = low + 1
        while high < list.count, list[high] < rowid {
            low = high
            step *= 2
            high = low + step
        }
        high = min(high, list.count)
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < rowid { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
