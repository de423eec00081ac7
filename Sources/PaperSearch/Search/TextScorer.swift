import CSQLite

/// `papers_bm25`'s score of papers known to match a query of single words, computed from
/// their text instead of looked up in FTS5.
///
/// Scoring a few papers exactly (``PaperIndex/scoreExactly``) looked each up in every word's
/// doclist: 50 µs or more a paper at 1M papers when a word is in most of them. For a phrase
/// of one token, FTS5's instances in a paper are the tokens equal to it in the columns it
/// searches (for a prefix, the tokens that start with it), so tokenizing the paper's stored
/// text with the index's tokenizer gives the same weighted frequency; with the same counts,
/// lengths and totals as `papers_bm25`, the same formula gives the same score to the last
/// bit (tests compare the two).
struct TextScorer {
    /// Each phrase's token, the columns it is searched in (nil: all), whether it is a
    /// prefix, and its idf.
    private let phrases: [(token: [UInt8], columns: Set<Int>?, prefix: Bool, idf: Double)]
    private let averageLength: Double
    private let weights: [Double]
    /// For each column (title, abstract, authors), a scan for the tokens searched in it.
    private let scans: [TokenScan]

    /// The scorer of `plan` on `index`, or nil when a phrase is more than a single word or
    /// prefix, or the weights are not whole numbers (a sum of them could then depend on its
    /// order).
    init?(_ plan: QueryPlan, weights: RankingWeights, index: PaperIndex) throws {
        let tokenizer = try index.queryWords().stemmer
        let values = [weights.title, weights.abstract, weights.authors]
        // Single words each plain or in one field, or plain words and prefixes.
        guard plan.conjunctWords != nil || plan.plainTerms != nil,
              weights.formula == .fts5, values.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e6 }),
              let words = WordHighlighter(expressionOf: plan, tokenizer: tokenizer), let match = plan.match,
              let expressionPhrases = FTSPhrase.phrases(in: match), expressionPhrases.count == words.phrases.count
        else { return nil }
        // As papers_bm25 reads them: FTS5's row and token totals, and each phrase's count as
        // the ranking expression gives it when those totals are the ones it was counted at,
        // else counted as xQueryPhrase counts it.
        guard let (rows, tokens, given) = try index.rankingTotals(plan, averages: try TermImpacts.state(index.database).averages)
        else { return nil }
        let count = try index.database.cached("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1")
        defer { count.reset() }
        var phrases: [(token: [UInt8], columns: Set<Int>?, prefix: Bool, idf: Double)] = []
        // The highlighter's phrases are the expression's, one token each, in order.
        for (number, (phrase, (token, columns, prefix))) in zip(expressionPhrases, words.phrases).enumerated() {
            var documents = number < given.count ? given[number] ?? -1 : -1
            if documents < 0 {
                let quoted = FTSExpression.quote(phrase.text) + (phrase.prefix ? "*" : "")
                count.reset()
                try count.bind([.text(phrase.columns.map { "{\($0.joined(separator: " "))} : (\(quoted))" } ?? quoted)])
                documents = try count.step() ? count.int(at: 0) : 0
            }
            phrases.append((token, columns, prefix, KnownFrequencyBM25.idf(papers: Double(rows), documents: Double(documents))))
        }
        self.phrases = phrases
        averageLength = Double(tokens) / Double(rows)
        self.weights = values
        scans = (0..<3).map { column in
            TokenScan(tokenizer: tokenizer, wanted: phrases.filter { $0.columns?.contains(column) ?? true }.map(\.token))
        }
    }

    /// The score of the paper at `rowid` (lower is better, as SQL ranks), or nil when the
    /// index does not hold it.
    func score(_ rowid: Int, in index: PaperIndex) throws -> Double? {
        let row = try index.database.cached("SELECT title, abstract, authors FROM papers WHERE rowid = ?1")
        defer { row.reset() }
        try row.bind([SQLValue(rowid)])
        guard try row.step() else { return nil }
        var frequencies = [Double](repeating: 0, count: phrases.count)
        var length = 0
        for column in 0..<3 {
            var text = row.text(at: Int32(column))
            text.withUTF8 { bytes in
                _ = scans[column].forEachToken(in: bytes, flags: FTS5_TOKENIZE_DOCUMENT) { token, _, _ in
                    length += 1
                    guard let token else { return }
                    for (phrase, wanted) in phrases.enumerated()
                    where (wanted.columns?.contains(column) ?? true)
                        && (wanted.prefix ? token.starts(with: wanted.token) : wanted.token.elementsEqual(token)) {
                        frequencies[phrase] += weights[column]
                    }
                }
            }
        }
        // The stored length when there is one, as papers_bm25 reads it; it is the same count.
        let d = Double(index.documentLengths.length(of: Int64(rowid)) ?? length)
        var total = 0.0
        for (phrase, wanted) in phrases.enumerated() {
            total += KnownFrequencyBM25.term(idf: wanted.idf, frequency: frequencies[phrase], length: d,
                                             averageLength: averageLength)
        }
        return -1.0 * total
    }
}
