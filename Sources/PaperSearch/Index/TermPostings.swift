/// One frequent term's papers and its weighted frequency in each
/// (`Schema/010_term_postings.sql`), so that a search can match, filter and rank it without
/// FTS5 reading the term's doclist.
///
/// At 1M papers FTS5 took 2.0 ms to count the papers of a word in 6% of them and 3.4 ms for
/// two such words, positions being read with every paper. These lists hold only what BM25
/// needs: each paper's rowid and the term's occurrences weighted as the standard ranking
/// weighs the columns (a title occurrence 10, an author 3, the abstract 1), the sum
/// `papers_bm25` computes for a match. Stored beside ``TermImpacts`` and valid under the
/// same basis.
struct TermPostings: Equatable {
    /// Rowids in ascending order.
    let rowids: [Int]
    /// The weighted frequency in each paper of ``rowids``.
    let frequencies: [UInt32]

    /// Fields with lists of their own besides the whole paper: author names are searched
    /// with `au:` together with other words.
    static let fields: [TextField] = [.authors]

    /// The fewest papers a term needs, in an index of `papers`, for a list: below 1% of the
    /// papers FTS5 matches a word in about a millisecond.
    static func fewest(papers: Int) -> Int {
        max(TermImpacts.minimumDocuments, papers / 100)
    }

    init(rowids: [Int], frequencies: [UInt32]) {
        precondition(rowids.count == frequencies.count)
        self.rowids = rowids
        self.frequencies = frequencies
    }

    /// Reads the stored form (``bytes``) of a list of `count` papers; nil when it is not one.
    init?(bytes: UnsafeRawBufferPointer, count: Int) {
        guard count >= 0, count <= bytes.count, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else {
            if count == 0 && bytes.isEmpty { (rowids, frequencies) = ([], []); return }
            return nil
        }
        let end = bytes.count
        var position = 0
        var complete = true
        // Unsigned LEB128: seven bits a byte, low first, high bit set on all but the last.
        // One loop with no closure: this runs for every posting of every word searched.
        @inline(__always) func varint(_ position: inout Int) -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < end, shift < 64 {
                let byte = base[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        var rowid = 0
        var frequencies = [UInt32](repeating: 0, count: count)
        let rowids = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            frequencies.withUnsafeMutableBufferPointer { frequencyBuffer in
                for index in 0..<count {
                    // Most gaps and frequencies take one byte each.
                    if position + 1 < end, base[position] < 0x80, base[position + 1] < 0x80 {
                        rowid += Int(base[position])
                        buffer[index] = rowid
                        frequencyBuffer[index] = UInt32(base[position + 1])
                        position += 2
                        initialized = index + 1
                        continue
                    }
                    guard let gap = varint(&position), let frequency = varint(&position), gap <= UInt64(Int32.max),
                          frequency <= UInt64(UInt32.max) else { complete = false; break }
                    rowid += Int(gap)
                    buffer[index] = rowid
                    frequencyBuffer[index] = UInt32(frequency)
                    initialized = index + 1
                }
            }
        }
        guard complete, position == end, rowids.count == count else { return nil }
        self.rowids = rowids
        self.frequencies = frequencies
    }

    /// The stored form: per paper, the gap from the rowid before it (the first from 0) and
    /// the frequency, each as an unsigned LEB128 varint (one byte each for most papers).
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * rowids.count + 8)
        func append(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        var previous = 0
        for (rowid, frequency) in zip(rowids, frequencies) {
            append(UInt64(rowid - previous))
            append(UInt64(frequency))
            previous = rowid
        }
        return bytes
    }

    /// The stored list of `token` in `field` (nil: the whole paper), or nil when there is none.
    static func load(_ database: Database, token: String, field: TextField?) throws -> TermPostings? {
        let row = try database.cached("SELECT papers, postings FROM term_postings WHERE term = ?1 AND field = ?2")
        defer { row.reset() }
        try row.bind([.text(token), .text(field?.rawValue ?? "")])
        guard try row.step() else { return nil }
        let count = row.int(at: 0)
        return row.withBlob(at: 1) { TermPostings(bytes: $0, count: count) }
    }

    /// Reads the list of the single-word expression `expression` from the index: each match
    /// and its weighted frequency with the standard weights. Nil when a frequency is not a
    /// whole number in range (weights that are not whole numbers never are).
    static func read(_ database: Database, expression: String) throws -> TermPostings? {
        let weights = RankingWeights.standard
        let rows = try database.cached("""
            SELECT rowid, \(PhraseFrequency.name)(papers_fts, \(weights.title), \(weights.abstract), \(weights.authors))
            FROM papers_fts WHERE papers_fts MATCH ?1 ORDER BY rowid
            """)
        defer { rows.reset() }
        try rows.bind([.text(expression)])
        var rowids: [Int] = []
        var frequencies: [UInt32] = []
        while try rows.step() {
            let frequency = rows.double(at: 1)
            guard frequency >= 1, frequency <= Double(UInt32.max), frequency.rounded() == frequency else { return nil }
            rowids.append(rows.int(at: 0))
            frequencies.append(UInt32(frequency))
        }
        guard rowids.first.map({ $0 >= 0 }) ?? true, rowids.last.map({ $0 <= Int(Int32.max) }) ?? true else { return nil }
        return TermPostings(rowids: rowids, frequencies: frequencies)
    }
}
