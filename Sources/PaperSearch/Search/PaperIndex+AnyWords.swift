import CSQLite
import Foundation

extension PaperIndex {
    /// Most papers FTS5 reads for one word of an any-word search that has no stored list;
    /// with more, SQL ranks the search.
    static let mostAnyWordReads = 50_000
    /// Most papers an any-word search may need to score one by one before SQL ranks it: a
    /// paper holding a common word is scored from its text, about 20 µs (34 papers took
    /// 0.69 ms at 1M papers), so 2,000 of them take about 40 ms.
    static let mostAnyWordCandidates = 2_000

    /// What one word of an any-word search is ranked from.
    private enum AnyWordSource {
        /// Its papers with the counts in each column (``FieldPostings``), read as summed.
        case list(FieldPostingsReader)
        /// Only which papers hold it (a word in more than a tenth of them, ``TermMembers``):
        /// the counts come from the text of the few papers that need them.
        case members(TermMembers, token: [UInt8])

        var documents: Int {
            switch self {
            case .list(let reader): reader.count
            case .members(let members, _): members.count
            }
        }
    }

    /// The page and total of an any-word search (``QueryPlan/anyWords``) ranked by BM25F,
    /// from the words' stored lists; nil when they cannot give them (SQL then ranks every
    /// match).
    ///
    /// A pasted abstract's 40 words match 715,000 of 1M papers, and `papers_rank` scoring each
    /// one from FTS5's doclists took about 500 ms. Here each word's papers come from its
    /// ``FieldPostings`` (a rarer word's, or a word of several tokens', from FTS5), and the
    /// words' BM25F terms are summed per paper over the lists, except for the words in more
    /// than a tenth of the papers, which have only their ``TermMembers``. Such a word adds less than its idf to a
    /// paper's score, so a paper's sum over the lists plus the idf of each such word it holds
    /// bounds its score. Papers are then scored exactly, best bound first, until no bound can
    /// reach the page: from the lists and each paper's own text, with the counts, lengths and
    /// totals `papers_rank` reads, summed in its order, so the page and its scores are the
    /// ones SQL gives, to the last bit.
    ///
    /// - Parameter blockSize: rowids summed at a time (``AnyWordSums/blockSize``; smaller in
    ///   tests, so that a small index has several blocks).
    func anyWordsRanked(_ plan: QueryPlan, request: SearchRequest, blockSize: Int = AnyWordSums.blockSize) throws
        -> (rows: [(rowid: Int, score: Double, paper: Paper)], total: Int)? {
        let wanted = max(0, request.offset) + max(0, request.limit)
        guard case let .fielded(k1, b) = request.weights.formula, !request.raw, let words = plan.anyWords,
              plan.filters.isEmpty, plan.excludedFilters.isEmpty, plan.excluded.isEmpty,
              wanted <= Self.deepestPostingsPage, let match = plan.match,
              let phrases = FTSPhrase.phrases(in: match), phrases.count == words.count,
              let state = try TermImpacts.currentState(database) else { return nil }
        let totals = FTS5Record.integers(state.averages)
        guard totals.count == 1 + TextField.allCases.count, totals[0] > 0 else { return nil }
        // As papers_rank reads them: the row count, each column's average length, each
        // phrase's idf from its number of papers.
        let papers = Double(max(totals[0], 1))
        let averages = (0..<3).map { max(Double(totals[1 + $0]) / papers, 1) }
        let weights = [request.weights.title, request.weights.abstract, request.weights.authors]

        let stemmer = try queryWords().stemmer
        // Each phrase's token; each token's stored list, set, or list read from FTS5.
        var tokens: [String] = []
        var found: [String: AnyWordSource] = [:]
        for (word, phrase) in zip(words, phrases) {
            let wordTokens = stemmer.queryTokens(word, prefix: false)
            guard !wordTokens.isEmpty, !phrase.prefix, phrase.columns == nil, phrase.text == word else { return nil }
            // A word FTS5 reads as several tokens (`multi-agent`) is a phrase: its papers and
            // counts come from FTS5.
            let token = wordTokens.joined(separator: " ")
            tokens.append(token)
            guard found[token] == nil else { continue }
            if wordTokens.count > 1 {
                guard let list = try FieldPostings.read(database, expression: FTSExpression.quote(word),
                                                        limit: Self.mostAnyWordReads) else { return nil }
                found[token] = .list(FieldPostingsReader(list))
            } else if let reader = try FieldPostingsReader.load(database, token: token) {
                found[token] = .list(reader)
            } else if let members = try TermMembers.load(database, token: token) {
                found[token] = .members(members, token: Array(token.utf8))
            } else if let list = try FieldPostings.read(database, expression: FTSExpression.quote(word),
                                                        limit: Self.mostAnyWordReads) {
                found[token] = .list(FieldPostingsReader(list))
            } else {
                return nil
            }
        }
        var sources = tokens.map { found[$0]! }
        let idf = sources.map { FieldedBM25.idf(papers: papers, documents: Double($0.documents)) }

        // The papers matched: every list's, then every set's. A list holding a paper past the
        // last one has the search ranked in SQL.
        let last = try database.cached("SELECT max(rowid) FROM papers")
        defer { last.reset() }
        guard try last.step() else { return nil }
        var size = last.int(at: 0) + 1
        var readers: [FieldPostingsReader] = []
        var listIDF: [Double] = []
        var common: [Int] = []
        for (phrase, source) in sources.enumerated() {
            switch source {
            case .list(let reader):
                readers.append(reader)
                listIDF.append(idf[phrase])
            case .members(let members, _):
                common.append(phrase)
                size = max(size, members.words.count * 64)
            }
        }
        let commonIDF = common.reduce(0.0) { $0 + idf[$1] }
        let lengths = ranking.fieldLengths
        lengths.startQuery()
        let onceTerms = abstractOnceTerms(state: state, papers: size, k1: k1, b: b, weight: weights[1],
                                          average: averages[1]).values
        guard let lengthTable = lengths.all(below: size) else { return nil }
        var matched = [UInt64](repeating: 0, count: (size + 63) / 64)
        let part = matched.withUnsafeMutableBufferPointer { matched in
            AnyWordSums(blockSize: blockSize, idfs: listIDF, onceTerms: onceTerms, lengths: lengthTable, matched: matched,
                        wanted: wanted, commonIDF: commonIDF, k1: k1, b: b, weights: weights, averages: averages)
                .run(below: size, readers: &readers)
        }
        guard part.known else { return nil }
        // The readers read to the end find the counts exact scores need.
        var read = readers.makeIterator()
        for phrase in sources.indices {
            if case .list = sources[phrase] { sources[phrase] = .list(read.next()!) }
        }
        let (best, kept) = (part.best, part.kept)
        let listed = matched
        for phrase in common {
            guard case .members(let members, _) = sources[phrase] else { continue }
            for (index, word) in members.words.enumerated() where index < matched.count { matched[index] |= word }
        }
        let total = matched.reduce(0) { $0 + $1.nonzeroBitCount }
        guard wanted > 0 else { return ([], total) }

        // The page's last score is at least the wanted-th best sum. Sums are not in the exact
        // scores' order when a common word comes between: a margin far above the rounding.
        let floor = (best.count == wanted ? best[wanted - 1] : 0) * (1 - 1e-6)
        func bound(_ rowid: Int, from sum: Double) -> Double {
            var bound = sum
            for phrase in common {
                if case .members(let members, _) = sources[phrase], members.contains(rowid) { bound += idf[phrase] }
            }
            return bound * (1 + 1e-6)
        }
        var bounded: [(rowid: Int, bound: Double)] = []
        for (rowid, sum) in kept where sum + commonIDF >= floor {
            let bound = bound(rowid, from: sum)
            if bound >= floor { bounded.append((rowid, bound)) }
        }
        // A paper in none of the lists scores below the idfs of the common words it holds:
        // when those could reach the page, such papers are candidates too.
        if commonIDF >= floor {
            for (index, word) in matched.enumerated() {
                var remaining = word & ~(index < listed.count ? listed[index] : 0)
                while remaining != 0 {
                    let rowid = index << 6 + remaining.trailingZeroBitCount
                    remaining &= remaining - 1
                    let bound = bound(rowid, from: 0)
                    if bound >= floor { bounded.append((rowid, bound)) }
                }
            }
        }
        // Candidates holding a common word are scored from their text.
        guard bounded.count <= Self.mostAnyWordCandidates else { return nil }
        bounded.sort { $0.bound > $1.bound }

        // Exactly, best bound first, until the page's last score is above every bound left.
        let text = try database.cached("SELECT title, abstract, authors FROM papers WHERE rowid = ?1")
        defer { text.reset() }
        var scored: [(rowid: Int, score: Double)] = []
        for candidate in bounded {
            if scored.count >= wanted, candidate.bound < scored[wanted - 1].score { break }
            guard let score = try exactAnyScore(candidate.rowid, sources: sources, idf: idf, common: common,
                                                k1: k1, b: b, weights: weights, averages: averages, text: text,
                                                tokenizer: stemmer)
            else { return nil }
            let at = scored.firstIndex { $0.score < score } ?? scored.count
            scored.insert((candidate.rowid, score), at: at)
        }
        // With fewer matches than the page, every match was a candidate (the floor was 0).
        let boundary = scored.count >= wanted ? scored[wanted - 1].score : -Double.infinity
        let ranked = scored.prefix { $0.score >= boundary }.map { (rowid: $0.rowid, score: -1.0 * $0.score) }
        guard ranked.count <= wanted + Self.mostPostingsTies else { return nil }
        return (try rankedPage(ranked, wanted: wanted, offset: request.offset), total)
    }

    /// `papers_rank`'s score of the paper at `rowid` (higher is better), summed as it sums:
    /// phrase by phrase in FTS5's order, each phrase's columns in order; nil when a length is
    /// not stored or the paper is gone.
    private func exactAnyScore(_ rowid: Int, sources: [AnyWordSource], idf: [Double], common: [Int],
                               k1: Double, b: Double, weights: [Double], averages: [Double],
                               text: Statement, tokenizer: FTS5Tokenizer) throws -> Double? {
        guard let stored = ranking.fieldLengths.values(of: Int64(rowid)) else { return nil }
        var norms = [0.0, 0.0, 0.0]
        for column in 0..<3 {
            guard stored[column] != DocumentLengths.unknown else { return nil }
            norms[column] = FieldedBM25.norm(weight: weights[column], b: b, length: Double(Int32(stored[column]) - 1),
                                             average: averages[column])
        }
        // The common words' counts, from the paper's text, tokenized as FTS5 tokenized it.
        var commonCounts: [Int: [Double]] = [:]
        let held = common.filter { phrase in
            if case .members(let members, _) = sources[phrase] { return members.contains(rowid) }
            return false
        }
        if !held.isEmpty {
            text.reset()
            try text.bind([SQLValue(rowid)])
            guard try text.step() else { return nil }
            for phrase in held { commonCounts[phrase] = [0, 0, 0] }
            for column in 0..<3 {
                var value = text.text(at: Int32(column))
                value.withUTF8 { bytes in
                    tokenizer.forEachToken(in: UnsafeRawBufferPointer(bytes), flags: FTS5_TOKENIZE_DOCUMENT) { token, _, _ in
                        for phrase in held {
                            if case .members(_, let wanted) = sources[phrase], wanted.elementsEqual(token) {
                                commonCounts[phrase]![column] += 1
                            }
                        }
                    }
                }
            }
            text.reset()
        }
        var total = 0.0
        for (phrase, source) in sources.enumerated() {
            var counts = [0.0, 0.0, 0.0]
            switch source {
            case .list(let reader):
                guard let value = reader.counts(of: rowid) else { continue }
                let (title, abstract, authors) = FieldPostings.unpack(value)
                counts = [Double(title), Double(abstract), Double(authors)]
            case .members:
                guard let found = commonCounts[phrase] else { continue }
                counts = found
            }
            guard counts.contains(where: { $0 > 0 }) else { continue }
            var tf = 0.0
            for column in 0..<3 { tf += counts[column] * norms[column] }
            if tf > 0 { total += FieldedBM25.term(idf: idf[phrase], tf: tf, k1: k1) }
        }
        return total
    }

    /// The table of ``AbstractOnceTerms`` for this state and ranking, made on first use.
    private func abstractOnceTerms(state: (structure: [UInt8], averages: [UInt8]), papers: Int, k1: Double, b: Double,
                                   weight: Double, average: Double) -> AbstractOnceTerms {
        let key = AbstractOnceTerms.Key(structure: state.structure, averages: state.averages, k1: k1, b: b, weight: weight)
        if let table = abstractOnceTerms, table.key == key, table.values.count >= papers { return table }
        let table = AbstractOnceTerms(key: key, papers: papers, lengths: ranking.fieldLengths, average: average)
        abstractOnceTerms = table
        return table
    }
}

/// For each paper, what a word once in its abstract and nowhere else adds to its BM25F
/// score, per unit of the word's idf: `n / (k1 + n)`, `n` the abstract's weighted norm.
///
/// That is 88% of the papers in the lists of an any-word search, and the term depends only
/// on the paper: read from here, each costs a multiplication instead of reading the paper's
/// lengths and dividing twice. Kept by the index for one FTS5 state and one ranking.
final class AbstractOnceTerms {
    struct Key: Equatable {
        let structure: [UInt8]
        let averages: [UInt8]
        let k1: Double
        let b: Double
        let weight: Double
    }

    let key: Key
    /// By rowid; -1 where the paper's abstract length is not stored.
    let values: [Float]

    init(key: Key, papers: Int, lengths: DocumentLengths, average: Double) {
        self.key = key
        let (k1, b, weight) = (key.k1, key.b, key.weight)
        values = (0..<papers).map { rowid in
            guard let stored = lengths.values(of: Int64(rowid)), stored[1] != DocumentLengths.unknown else { return -1 }
            let norm = FieldedBM25.norm(weight: weight, b: b, length: Double(Int32(stored[1]) - 1), average: average)
            return Float(FieldedBM25.term(idf: 1, tf: norm, k1: k1))
        }
    }
}
