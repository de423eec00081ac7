import CSQLite
import Foundation

/// The ``TermPostings`` of two-word phrases made of a very common word and a word with a list
/// of its own, in either order (`"the flaictity"`, `"flaictity of"`), so that a search for such
/// a phrase is matched and ranked like a search for a word.
///
/// FTS5 matches a phrase by reading the positions of both words in every paper that holds
/// them. At 1M papers, counting the papers of `"the flaictity"` (a word in 6% of them after
/// the commonest word) took 22-35 ms against 2.9 ms for the word alone, and even with a word
/// in 10% of the papers in place of `the` it took 5.5 ms. A two-word phrase's instances in a
/// paper are the places where its tokens follow each other in one column, so a single pass
/// over the papers' text with the index's tokenizer finds every such phrase's papers and
/// weighted frequencies at once, without positions in the index. The lists are stored in
/// `term_postings` under ``key(_:_:)``, beside the words', and are valid under the same basis.
struct WordPairs {
    /// The fewest papers a phrase needs for a list. Each row of `term_postings` costs about
    /// 30 bytes beside its list's 2 or 3 a paper, and most pairs are in only a few papers: at
    /// 100k papers, lists of every pair found added 16 MB to the index (2.52 times the raw
    /// text), those of pairs in 16 papers or more 9 MB. A phrase without a list is matched by
    /// FTS5, as before.
    static let fewest = 16

    /// A phrase's key in `term_postings`: its two tokens with a space between, which no token
    /// holds, so a key never names a word's list.
    static func key(_ first: String, _ second: String) -> String {
        first + " " + second
    }

    /// The tokens the pass looks for, each with its position in the list as its id: an
    /// open-addressing table on their FNV-1a hashes, over one buffer of their bytes. The pass
    /// looks up every token of every paper, and most are found: through `Dictionary` and an
    /// array per token the lookups took as long as tokenizing.
    private struct Tokens {
        /// Each slot's token id, -1 when empty.
        private var slots: [Int32]
        private var hashes: [UInt64]
        private let mask: Int
        /// The tokens' bytes one after another, and where each starts (one more: the end).
        private let text: [UInt8]
        private let starts: [Int]

        init(_ tokens: [String]) {
            var text: [UInt8] = []
            var starts: [Int] = []
            for token in tokens {
                starts.append(text.count)
                text += token.utf8
            }
            starts.append(text.count)
            (self.text, self.starts) = (text, starts)
            var size = 16
            while size < 4 * tokens.count { size *= 2 }
            mask = size - 1
            slots = [Int32](repeating: -1, count: size)
            hashes = [UInt64](repeating: 0, count: size)
            text.withUnsafeBytes { text in
                for index in tokens.indices {
                    let hash = Self.hash(UnsafeRawBufferPointer(rebasing: text[starts[index]..<starts[index + 1]]))
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] >= 0 { slot = (slot + 1) & mask }
                    slots[slot] = Int32(index)
                    hashes[slot] = hash
                }
            }
        }

        @inline(__always)
        private static func hash(_ token: UnsafeRawBufferPointer) -> UInt64 {
            var value: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in token { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return value
        }

        /// The id of `token`, or -1 when it is not one of them.
        @inline(__always)
        func id(of token: UnsafeRawBufferPointer) -> Int32 {
            let hash = Self.hash(token)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let id = slots[slot]
                if id < 0 { return -1 }
                if hashes[slot] == hash {
                    let start = starts[Int(id)], length = starts[Int(id) + 1] - start
                    if length == token.count,
                       text.withUnsafeBytes({ memcmp($0.baseAddress! + start, token.baseAddress!, length) == 0 }) {
                        return id
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Bytes of lists a pass keeps in memory before it moves them to a temporary table: at 1M
    /// papers the lists came to 100 MB and more, and with the pass's other memory the process
    /// reached 252 MB. With two passes of 24 MB each it still reached 205 MB.
    static let bufferLimit = 12 << 20

    /// Finds every phrase of one of `common` and one of `listed` (either order) in the papers'
    /// text as `tokenizer` indexes it, and passes each phrase held by at least `fewest` papers
    /// to `store` with its key, its number of papers and its list in the stored gaps form
    /// (``TermPostings``): each such paper with the phrase's instances weighted by `weights`
    /// (title, abstract, authors), as ``TermPostings/read(_:expression:)`` would read it. Past
    /// `bufferLimit` bytes, a pass's lists written so far go to a temporary table.
    ///
    /// Tokenizing every paper is most of the work (31 s at 1M papers on one core), so the
    /// papers from the middle rowid on are read on a second thread, through a connection of
    /// its own (the caller's may be in a write transaction; the papers are committed): 14 and
    /// 17 s for the halves, 22 s with the joining and storing.
    ///
    /// - Returns: the number of lists passed to `store`.
    @discardableResult
    static func build(_ database: Database, tokenizer: FTS5Tokenizer, common: [String], listed: [String],
                      weights: [UInt32], fewest: Int = WordPairs.fewest, bufferLimit: Int = WordPairs.bufferLimit,
                      store: (_ key: String, _ papers: Int, _ list: [UInt8]) throws -> Void) throws -> Int {
        let listed = listed.filter { !common.contains($0) }
        guard !common.isEmpty, !listed.isEmpty else { return 0 }
        let tokens = Tokens(common + listed)
        let layout = Layout(common: Int32(common.count), listed: Int32(listed.count))
        let lowest = try database.scalarInt("SELECT min(rowid) FROM papers") ?? 0
        let highest = try database.scalarInt("SELECT max(rowid) FROM papers") ?? 0
        let middle = lowest + (highest - lowest + 1) / 2
        let first = try Pass(database, tokenizer: tokenizer, tokens: tokens, layout: layout, weights: weights,
                             bufferLimit: bufferLimit)
        // The second half on its own thread and connection.
        let worker = Worker(path: database.path, tokens: tokens, layout: layout, weights: weights, bufferLimit: bufferLimit,
                            from: middle, through: highest)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [worker] in
            worker.run()
            done.signal()
        }
        thread.start()
        let firstError: (any Error)?
        do {
            try first.run(from: lowest, through: middle - 1)
            firstError = nil
        } catch {
            firstError = error
        }
        done.wait()
        if let firstError { throw firstError }
        let second = try worker.result()

        var stored = 0
        for pair in 0..<layout.pairs where first.count(pair) + second.count(pair) >= fewest {
            let (a, b) = layout.tokens(of: pair)
            let start = try first.bytes(pair)
            let bytes = second.count(pair) == 0
                ? start : TermPostings.joined(start, last: first.last(pair), try second.bytes(pair))
            guard let bytes else { throw SQLiteError(code: SQLITE_CORRUPT, message: "a word pair's list broke", sql: nil) }
            let key = key(a < layout.common ? common[Int(a)] : listed[Int(a - layout.common)],
                          b < layout.common ? common[Int(b)] : listed[Int(b - layout.common)])
            try store(key, first.count(pair) + second.count(pair), bytes)
            stored += 1
        }
        return stored
    }

    /// Pair numbers: a common token then a listed one first, then a listed one then a common one.
    private struct Layout {
        let common: Int32
        let listed: Int32
        var pairs: Int { Int(2 * common * listed) }

        /// The pair of the token ids `previous` then `next`, or nil when it is not one.
        @inline(__always)
        func pair(_ previous: Int32, _ next: Int32) -> Int? {
            if previous < common, next >= common { return Int(previous * listed + next - common) }
            if previous >= common, next < common { return Int(common * listed + (previous - common) * common + next) }
            return nil
        }

        /// The token ids of `pair`, in order.
        func tokens(of pair: Int) -> (Int32, Int32) {
            let number = Int32(pair)
            if number < common * listed { return (number / listed, common + number % listed) }
            let rest = number - common * listed
            return (common + rest / common, rest % common)
        }
    }

    /// One pass over a range of rowids: the lists of every pair in it.
    private final class Pass {
        private let database: Database
        private let tokenizer: FTS5Tokenizer
        private let tokens: Tokens
        private let layout: Layout
        private let weights: [UInt32]
        private let bufferLimit: Int
        private var lists: [TermPostings.Appender]
        /// Pairs with parts in the temporary table.
        private var moved: [Bool]
        private var parts = 0
        private var buffered = 0

        init(_ database: Database, tokenizer: FTS5Tokenizer, tokens: Tokens, layout: Layout, weights: [UInt32],
             bufferLimit: Int) throws {
            (self.database, self.tokenizer, self.tokens, self.layout) = (database, tokenizer, tokens, layout)
            (self.weights, self.bufferLimit) = (weights, bufferLimit)
            lists = [TermPostings.Appender](repeating: TermPostings.Appender(), count: layout.pairs)
            moved = [Bool](repeating: false, count: layout.pairs)
            // Parts of lists moved out of memory, in order.
            try database.execute("""
                CREATE TEMP TABLE IF NOT EXISTS word_pair_parts (
                    pair INTEGER, part INTEGER, bytes BLOB NOT NULL, PRIMARY KEY (pair, part)) WITHOUT ROWID;
                DELETE FROM temp.word_pair_parts
                """)
        }

        deinit {
            try? database.execute("DROP TABLE IF EXISTS temp.word_pair_parts")
        }

        func count(_ pair: Int) -> Int { lists[pair].count }
        func last(_ pair: Int) -> Int { lists[pair].last }

        /// The whole list of `pair` (the gaps form), parts moved out included.
        func bytes(_ pair: Int) throws -> [UInt8] {
            var bytes: [UInt8] = []
            if moved[pair] {
                let parts = try database.cached("SELECT bytes FROM temp.word_pair_parts WHERE pair = ?1 ORDER BY part")
                defer { parts.reset() }
                try parts.bind([SQLValue(pair)])
                while try parts.step() { parts.withBlob(at: 0) { bytes += $0 } }
            }
            return bytes + lists[pair].bytes
        }

        private func moveOut() throws {
            let insert = try database.cached("INSERT INTO temp.word_pair_parts (pair, part, bytes) VALUES (?1, ?2, ?3)")
            for pair in lists.indices where !lists[pair].bytes.isEmpty {
                insert.reset()
                try insert.bind([SQLValue(pair), SQLValue(parts), .blob(lists[pair].takeBytes())])
                _ = try insert.step()
                moved[pair] = true
            }
            parts += 1
            buffered = 0
        }

        /// Reads the papers from rowid `low` through `high` (none when `high` is below `low`).
        func run(from low: Int, through high: Int) throws {
            var touched: [(pair: Int, frequency: UInt32)] = []
            let rows = try database.prepare(
                "SELECT rowid, title, abstract, authors FROM papers WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid")
            try rows.bind([SQLValue(low), SQLValue(high)])
            let (tokens, layout) = (self.tokens, self.layout)
            while try rows.step() {
                touched.removeAll(keepingCapacity: true)
                for column in 0..<3 {
                    let weight = weights[column]
                    var previous: Int32 = -1
                    rows.withText(at: Int32(column + 1)) { text in
                        tokenizer.forEachToken(in: text, flags: FTS5_TOKENIZE_DOCUMENT) { token, _, _ in
                            let id = tokens.id(of: token)
                            defer { previous = id }
                            guard id >= 0, previous >= 0, let pair = layout.pair(previous, id) else { return }
                            if let at = touched.firstIndex(where: { $0.pair == pair }) {
                                touched[at].frequency += weight
                            } else {
                                touched.append((pair, weight))
                            }
                        }
                    }
                }
                let rowid = rows.int(at: 0)
                for (pair, frequency) in touched { buffered += lists[pair].append(rowid: rowid, frequency: frequency) }
                if buffered > bufferLimit { try moveOut() }
            }
        }
    }

    /// A ``Pass`` on a thread of its own with a connection of its own, handed back when done.
    // `@unchecked Sendable`: the worker's thread alone touches `pass` and `error` until it
    // signals that it is done; only then does the caller read them.
    private final class Worker: @unchecked Sendable {
        private let path: String
        private let tokens: Tokens
        private let layout: Layout
        private let weights: [UInt32]
        private let bufferLimit: Int
        private let low: Int
        private let high: Int
        private var pass: Pass?
        private var error: (any Error)?

        init(path: String, tokens: Tokens, layout: Layout, weights: [UInt32], bufferLimit: Int, from low: Int, through high: Int) {
            (self.path, self.tokens, self.layout, self.weights) = (path, tokens, layout, weights)
            (self.bufferLimit, self.low, self.high) = (bufferLimit, low, high)
        }

        func run() {
            do {
                let database = try Database(path: path, mode: .readOnly)
                let pass = try Pass(database, tokenizer: try FTS5Tokenizer.forIndex(on: database), tokens: tokens,
                                    layout: layout, weights: weights, bufferLimit: bufferLimit)
                try pass.run(from: low, through: high)
                self.pass = pass
            } catch {
                self.error = error
            }
        }

        /// The finished pass, once ``run()`` has returned.
        func result() throws -> Pass {
            if let error { throw error }
            guard let pass else { throw SQLiteError(code: SQLITE_MISUSE, message: "the word pairs' pass did not run", sql: nil) }
            return pass
        }
    }
}
