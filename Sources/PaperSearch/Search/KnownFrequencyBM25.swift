import CSQLite
import Foundation

/// `papers_bm25(papers_fts, wTitle, wAbstract, wAuthors, papers, tokens, df0, df1, ...)`: FTS5's
/// `bm25()`, the same formula in the same order of operations, except that phrase i's number
/// of papers is `df_i` when it is given (≥ 0) and the index still holds exactly `papers` rows
/// and `tokens` tokens (``CommonTerms``). Otherwise it counts them as `bm25()` does, by reading
/// the phrase's matches. A paper's length comes from ``DocumentLengths`` when it knows it,
/// else from FTS5's `xColumnSize`; both hold the same count.
enum KnownFrequencyBM25 {
    /// The SQL name of the function.
    static let name = "papers_bm25"

    /// Registers the function on `database`, counting the rows it scores in `context`.
    ///
    /// - Throws: ``SQLiteError`` when this SQLite has no FTS5 or refuses the function.
    static func register(on database: Database, context: RankingContext) throws {
        try context.register(name, rank, on: database)
    }

    /// The ranking expression for `weights` and the phrases' known counts (nil: unknown),
    /// taken over `papers` papers and `tokens` tokens (-1: no counts).
    static func expression(_ weights: RankingWeights, papers: Int, tokens: Int, documents: [Int?]) -> String {
        let counts = documents.map { ", " + String($0 ?? -1) }.joined()
        return "\(name)(papers_fts, \(weights.title), \(weights.abstract), \(weights.authors), \(papers), \(tokens)\(counts))"
    }

    /// Per-query statistics, computed on the first row and kept as FTS5 auxiliary data:
    /// `[phraseCount, averageLength, weight0, weight1, weight2, idf…]`.
    private static func statistics(
        _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer,
        _ argumentCount: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?
    ) -> (UnsafeMutablePointer<Double>?, Int32) {
        if let cached = api.pointee.xGetAuxdata(context, 0) {
            return (cached.assumingMemoryBound(to: Double.self), SQLITE_OK)
        }
        RankingContext.of(api, context)?.lengths.startQuery()
        let phrases = Int(api.pointee.xPhraseCount(context))
        var rows: sqlite3_int64 = 0
        var code = api.pointee.xRowCount(context, &rows)
        guard code == SQLITE_OK else { return (nil, code) }
        var tokens: sqlite3_int64 = 0
        code = api.pointee.xColumnTotalSize(context, -1, &tokens)
        guard code == SQLITE_OK else { return (nil, code) }
        func argument(_ index: Int) -> Int64? {
            guard index < Int(argumentCount), let value = arguments?[index] else { return nil }
            return sqlite3_value_int64(value)
        }
        let known = argument(3) == Int64(rows) && argument(4) == Int64(tokens)
        let count = 5 + phrases
        guard let raw = sqlite3_malloc64(sqlite3_uint64(count * MemoryLayout<Double>.stride)) else {
            return (nil, SQLITE_NOMEM)
        }
        let stats = raw.bindMemory(to: Double.self, capacity: count)
        stats[0] = Double(phrases)
        // As bm25(): average row length in tokens, and idf clamped to a tiny positive value
        // for phrases in more than half the rows.
        stats[1] = Double(tokens) / Double(rows)
        // The column weights, read once instead of once per instance.
        for column in 0..<3 {
            stats[2 + column] = column < Int(argumentCount) && arguments?[column] != nil
                ? sqlite3_value_double(arguments![column]) : 1.0
        }
        for phrase in 0..<phrases {
            var hits: Int64 = 0
            if known, let given = argument(5 + phrase), given >= 0 {
                hits = given
            } else {
                code = api.pointee.xQueryPhrase(context, Int32(phrase), &hits) { _, _, counter in
                    counter!.assumingMemoryBound(to: Int64.self).pointee += 1
                    return SQLITE_OK
                }
                guard code == SQLITE_OK else { sqlite3_free(raw); return (nil, code) }
            }
            stats[5 + phrase] = idf(papers: Double(rows), documents: Double(hits))
        }
        code = api.pointee.xSetAuxdata(context, raw, sqlite3_free)
        guard code == SQLITE_OK else { return (nil, code) }
        return (stats, SQLITE_OK)
    }

    /// A phrase's idf over `papers` rows of which `documents` hold it, as bm25() computes it:
    /// clamped to a tiny positive value for phrases in more than half the rows.
    static func idf(papers n: Double, documents df: Double) -> Double {
        var idf = log((n - df + 0.5) / (df + 0.5))
        if idf <= 0.0 { idf = 1e-6 }
        return idf
    }

    /// One phrase's part of a row's score: bm25()'s term with k1 1.2 and b 0.75, for the
    /// phrase's weighted `frequency` in a row of `length` tokens.
    @inline(__always)
    static func term(idf: Double, frequency f: Double, length d: Double, averageLength: Double) -> Double {
        idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * d / averageLength)))
    }

    /// The most one phrase of `idf` can add to a row's score, however often the row holds it
    /// (``term(idf:frequency:length:averageLength:)`` nears it as the frequency grows).
    static func largestTerm(idf: Double) -> Double {
        idf * (k1 + 1.0)
    }

    private static let k1 = 1.2
    private static let b = 0.75

    /// Phrase `phrase`'s instances in the current row, each counted as its column's weight
    /// (`weight(column)` for columns 0 to 2, 1 beyond), in (column, offset) order; and the
    /// status of reading them.
    @inline(__always)
    static func weightedFrequency(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer, phrase: Int32,
                                  weight: (Int32) -> Double) -> (Double, Int32) {
        var iterator = Fts5PhraseIter()
        var column: Int32 = 0, offset: Int32 = 0
        let status = api.pointee.xPhraseFirst(context, phrase, &iterator, &column, &offset)
        guard status == SQLITE_OK else { return (0, status) }
        var frequency = 0.0
        while column >= 0 {
            frequency += column < 3 ? weight(column) : 1.0
            api.pointee.xPhraseNext(context, &iterator, &column, &offset)
        }
        return (frequency, SQLITE_OK)
    }

    /// The function FTS5 calls for each matching row.
    private static let rank: fts5_extension_function = { api, context, result, argumentCount, arguments in
        guard let api, let context, let result else { return }
        let shared = RankingContext.of(api, context)
        shared?.rowsScored += 1
        let (loaded, code) = statistics(api, context, argumentCount, arguments)
        guard let stats = loaded else { sqlite3_result_error_code(result, code); return }
        let phrases = Int(stats[0])
        var status = SQLITE_OK
        let score = withUnsafeTemporaryAllocation(of: Double.self, capacity: max(phrases, 1)) { buffer in
            let frequencies = buffer.baseAddress!
            frequencies.initialize(repeating: 0, count: max(phrases, 1))
            // Each phrase's own position list, in (column, offset) order: the instances bm25()
            // reads through xInst, summed in the same order, without FTS5 merging the phrases'
            // lists into one sorted array on every row.
            for phrase in 0..<phrases {
                let (frequency, code) = weightedFrequency(api, context, phrase: Int32(phrase)) { stats[2 + Int($0)] }
                status = code
                if status != SQLITE_OK { return 0.0 }
                frequencies[phrase] = frequency
            }
            let d: Double
            if let known = shared?.lengths.length(of: api.pointee.xRowid(context)) {
                d = Double(known)
            } else {
                var length: Int32 = 0
                status = api.pointee.xColumnSize(context, -1, &length)
                if status != SQLITE_OK { return 0.0 }
                d = Double(length)
            }
            var total = 0.0
            for phrase in 0..<phrases {
                total += term(idf: stats[5 + phrase], frequency: frequencies[phrase], length: d, averageLength: stats[1])
            }
            return total
        }
        guard status == SQLITE_OK else { sqlite3_result_error_code(result, status); return }
        sqlite3_result_double(result, -1.0 * score)
    }
}
