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
    /// text), those of pairs in 16 papers or more 8.5 MB. A phrase without a list is matched
    /// by FTS5, as before.
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

    /// Bytes of lists kept in memory before they are moved to a temporary table: at 1M papers
    /// the lists came to 100 MB and more, and with the pass's other memory the process
    /// reached 252 MB.
    static let bufferLimit = 24 << 20

    /// Finds every phrase of one of `common` and one of `listed` (either order) in the papers'
    /// text as `tokenizer` indexes it, and passes each phrase held by at least `fewest` papers
    /// to `store` with its key, its number of papers and its list in the stored gaps form
    /// (``TermPostings``): each such paper with the phrase's instances weighted by `weights`
    /// (title, abstract, authors), as ``TermPostings/read(_:expression:)`` would read it. Past
    /// `bufferLimit` bytes, the lists written so far go to a temporary table.
    ///
    /// - Returns: the number of lists passed to `store`.
    @discardableResult
    static func build(_ database: Database, tokenizer: FTS5Tokenizer, common: [String], listed: [String],
                      weights: [UInt32], fewest: Int = WordPairs.fewest, bufferLimit: Int = WordPairs.bufferLimit,
                      store: (_ key: String, _ papers: Int, _ list: [UInt8]) throws -> Void) throws -> Int {
        let listed = listed.filter { !common.contains($0) }
        let tokens = Tokens(common + listed)
        let (commonCount, listedCount) = (Int32(common.count), Int32(listed.count))
        guard commonCount > 0, listedCount > 0 else { return 0 }
        // Pair numbers: common then listed first, then listed then common.
        var lists = [TermPostings.Appender](repeating: TermPostings.Appender(), count: Int(2 * commonCount * listedCount))
        // Parts of lists moved out of memory, in order.
        try database.execute("""
            CREATE TEMP TABLE IF NOT EXISTS word_pair_parts (
                pair INTEGER, part INTEGER, bytes BLOB NOT NULL, PRIMARY KEY (pair, part)) WITHOUT ROWID;
            DELETE FROM temp.word_pair_parts
            """)
        defer { try? database.execute("DROP TABLE IF EXISTS temp.word_pair_parts") }
        let insertPart = try database.prepare("INSERT INTO temp.word_pair_parts (pair, part, bytes) VALUES (?1, ?2, ?3)")
        var moved = [Bool](repeating: false, count: lists.count)
        var part = 0
        var buffered = 0
        func moveOut() throws {
            for pair in lists.indices where !lists[pair].bytes.isEmpty {
                insertPart.reset()
                try insertPart.bind([SQLValue(pair), SQLValue(part), .blob(lists[pair].takeBytes())])
                _ = try insertPart.step()
                moved[pair] = true
            }
            part += 1
            buffered = 0
        }

        var touched: [(pair: Int, frequency: UInt32)] = []
        let rows = try database.prepare("SELECT rowid, title, abstract, authors FROM papers ORDER BY rowid")
        while try rows.step() {
            touched.removeAll(keepingCapacity: true)
            for column in 0..<3 {
                let weight = weights[column]
                var previous: Int32 = -1
                rows.withText(at: Int32(column + 1)) { text in
                    tokenizer.forEachToken(in: text, flags: FTS5_TOKENIZE_DOCUMENT) { token, _, _ in
                        let id = tokens.id(of: token)
                        defer { previous = id }
                        guard id >= 0, previous >= 0 else { return }
                        let pair: Int
                        if previous < commonCount, id >= commonCount {
                            pair = Int(previous * listedCount + id - commonCount)
                        } else if previous >= commonCount, id < commonCount {
                            pair = Int(commonCount * listedCount + (previous - commonCount) * commonCount + id)
                        } else {
                            return
                        }
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

        let parts = try database.prepare("SELECT bytes FROM temp.word_pair_parts WHERE pair = ?1 ORDER BY part")
        var stored = 0
        for pair in lists.indices where lists[pair].count >= fewest {
            let (first, second): (String, String)
            let number = Int32(pair)
            if number < commonCount * listedCount {
                (first, second) = (common[Int(number / listedCount)], listed[Int(number % listedCount)])
            } else {
                let rest = number - commonCount * listedCount
                (first, second) = (listed[Int(rest / commonCount)], common[Int(rest % commonCount)])
            }
            var bytes: [UInt8] = []
            if moved[pair] {
                parts.reset()
                try parts.bind([SQLValue(pair)])
                while try parts.step() { parts.withBlob(at: 0) { bytes += $0 } }
            }
            bytes += lists[pair].takeBytes()
            try store(key(first, second), lists[pair].count, bytes)
            stored += 1
        }
        return stored
    }
}
