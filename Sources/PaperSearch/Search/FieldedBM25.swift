import CSQLite
import Foundation

/// `papers_rank(papers_fts, k1, b, wTitle, wAbstract, wAuthors)`: a BM25F ranking function
/// registered with FTS5 on each connection.
///
/// FTS5's own `bm25()` fixes k1 = 1.2 and b = 0.75 and normalizes every column by the length
/// of the whole row, so a short title is judged against the abstract's length. Here each
/// column's term frequency is normalized by that column's own average length, weighted, and
/// summed before one saturation (BM25F); idf is Lucene's `ln(1 + (N − n + 0.5)/(n + 0.5))`,
/// which never goes negative for words in most papers. Like `bm25()`, lower is better. The
/// column lengths come from the stored ones (``DocumentLengths/Layout/fields``) when they
/// know the paper, else from FTS5's `xColumnSize`; both hold the same counts.
enum FieldedBM25 {
    /// The SQL name of the function.
    static let name = "papers_rank"

    /// Registers the function on `database`, counting the rows it scores in `context`.
    ///
    /// - Throws: ``SQLiteError`` when this SQLite has no FTS5 or refuses the function.
    static func register(on database: Database, context: RankingContext) throws {
        try context.register(name, rank, on: database)
    }

    /// Lucene's idf of a phrase in `documents` of `papers` rows, never negative.
    static func idf(papers: Double, documents: Double) -> Double {
        log(1 + (papers - documents + 0.5) / (documents + 0.5))
    }

    /// A column's weighted norm: its weight over its length against the average length.
    /// A phrase's weighted frequency is the sum of its count in each column times this.
    @inline(__always)
    static func norm(weight: Double, b: Double, length: Double, average: Double) -> Double {
        weight / (1 - b + b * length / average)
    }

    /// A phrase's share of the score, from its weighted frequency `tf` (more than 0).
    @inline(__always)
    static func term(idf: Double, tf: Double, k1: Double) -> Double {
        idf * tf / (k1 + tf)
    }

    /// Per-query statistics, computed on the first row and kept as FTS5 auxiliary data:
    /// `[phraseCount, columnCount, idf…, averageColumnLength…]`.
    private static func statistics(
        _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer
    ) -> (UnsafeMutablePointer<Double>?, Int32) {
        if let cached = api.pointee.xGetAuxdata(context, 0) {
            return (cached.assumingMemoryBound(to: Double.self), SQLITE_OK)
        }
        RankingContext.of(api, context)?.fieldLengths.startQuery()
        let phrases = Int(api.pointee.xPhraseCount(context))
        let columns = Int(api.pointee.xColumnCount(context))
        var rows: sqlite3_int64 = 0
        var code = api.pointee.xRowCount(context, &rows)
        guard code == SQLITE_OK else { return (nil, code) }
        let count = 2 + phrases + columns
        guard let raw = sqlite3_malloc64(sqlite3_uint64(count * MemoryLayout<Double>.stride)) else {
            return (nil, SQLITE_NOMEM)
        }
        let stats = raw.bindMemory(to: Double.self, capacity: count)
        stats[0] = Double(phrases)
        stats[1] = Double(columns)
        let n = Double(max(rows, 1))
        for phrase in 0..<phrases {
            var hits: Int64 = 0
            code = api.pointee.xQueryPhrase(context, Int32(phrase), &hits) { _, _, counter in
                counter!.assumingMemoryBound(to: Int64.self).pointee += 1
                return SQLITE_OK
            }
            guard code == SQLITE_OK else { sqlite3_free(raw); return (nil, code) }
            stats[2 + phrase] = idf(papers: n, documents: Double(hits))
        }
        for column in 0..<columns {
            var total: sqlite3_int64 = 0
            code = api.pointee.xColumnTotalSize(context, Int32(column), &total)
            guard code == SQLITE_OK else { sqlite3_free(raw); return (nil, code) }
            stats[2 + phrases + column] = max(Double(total) / n, 1)
        }
        code = api.pointee.xSetAuxdata(context, raw, sqlite3_free)
        guard code == SQLITE_OK else { return (nil, code) }
        return (stats, SQLITE_OK)
    }

    /// The function FTS5 calls for each matching row.
    private static let rank: fts5_extension_function = { api, context, result, argumentCount, arguments in
        guard let api, let context, let result else { return }
        let shared = RankingContext.of(api, context)
        shared?.rowsScored += 1
        func argument(_ index: Int, _ fallback: Double) -> Double {
            guard index < Int(argumentCount), let value = arguments?[index] else { return fallback }
            return sqlite3_value_double(value)
        }
        let k1 = argument(0, 1.2)
        let b = argument(1, 0.75)
        let (loaded, code) = statistics(api, context)
        guard let stats = loaded else { sqlite3_result_error_code(result, code); return }
        let phrases = Int(stats[0])
        let columns = Int(stats[1])
        var status = SQLITE_OK
        let score = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * columns) { buffer in
            let norms = buffer.baseAddress!
            let counts = norms + columns
            // The stored lengths hold each column's length plus one; 0 where they do not know it.
            let stored = columns == 3 ? shared?.fieldLengths.values(of: api.pointee.xRowid(context)) : nil
            let known = stored.map { lengths in (0..<3).allSatisfy { lengths[$0] != DocumentLengths.unknown } } ?? false
            for column in 0..<columns {
                var length: Int32 = 0
                if known, let stored {
                    length = Int32(stored[column]) - 1
                } else {
                    status = api.pointee.xColumnSize(context, Int32(column), &length)
                    if status != SQLITE_OK { return 0.0 }
                }
                let weight = argument(2 + column, 1)
                let average = stats[2 + phrases + column]
                norms[column] = norm(weight: weight, b: b, length: Double(length), average: average)
            }
            // Each phrase's own position list, not xInst: FTS5 builds xInst's array by merging
            // every phrase's list on each row, and most of a pasted abstract's 40 words are
            // not in a given paper.
            var total = 0.0
            for phrase in 0..<phrases {
                var iterator = Fts5PhraseIter()
                var column: Int32 = 0, offset: Int32 = 0
                status = api.pointee.xPhraseFirst(context, Int32(phrase), &iterator, &column, &offset)
                if status != SQLITE_OK { return 0.0 }
                guard column >= 0 else { continue }
                counts.initialize(repeating: 0, count: columns)
                while column >= 0 {
                    if column < columns { counts[Int(column)] += 1 }
                    api.pointee.xPhraseNext(context, &iterator, &column, &offset)
                }
                var tf = 0.0
                for column in 0..<columns { tf += counts[column] * norms[column] }
                if tf > 0 { total += term(idf: stats[2 + phrase], tf: tf, k1: k1) }
            }
            return total
        }
        guard status == SQLITE_OK else { sqlite3_result_error_code(result, status); return }
        sqlite3_result_double(result, -score)
    }
}
