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
///
/// A list of a term in more than an eighth of the papers (an author name at 1M papers) is
/// stored as a bitmap over rowids and the frequencies in rowid order: smaller than the gaps,
/// and a search tests its bits instead of decoding and intersecting 145,000 rowids.
struct TermPostings: Equatable {
    /// Rowids in ascending order (empty for a ``dense`` list).
    let rowids: [Int]
    /// The weighted frequency in each paper of ``rowids``.
    let frequencies: [UInt32]
    /// The list as a bitmap, when stored so.
    let dense: Dense?

    /// A list as a bitmap and its frequencies in rowid order.
    struct Dense: Equatable {
        let members: TermMembers
        /// Members before each 64-bit word of the bitmap.
        let ranks: [Int]
        /// Each member's frequency, 0 for one in ``large``.
        let small: [UInt8]
        /// Frequencies over 255, by rank.
        let large: [Int: UInt32]

        /// The frequency of `rowid`, or nil when it is not a member.
        func frequency(of rowid: Int) -> UInt32? {
            let word = rowid >> 6
            guard rowid >= 0, word < members.words.count else { return nil }
            let bits = members.words[word]
            let bit = UInt64(1) << UInt64(rowid & 63)
            guard bits & bit != 0 else { return nil }
            let rank = ranks[word] + (bits & (bit - 1)).nonzeroBitCount
            return small[rank] == 0 ? large[rank] : UInt32(small[rank])
        }
    }

    /// Papers in the list.
    var count: Int { dense?.small.count ?? rowids.count }

    /// The same list with its rowids and frequencies listed.
    func listed() -> TermPostings {
        guard let dense else { return self }
        var rowids: [Int] = []
        var frequencies: [UInt32] = []
        rowids.reserveCapacity(dense.small.count)
        frequencies.reserveCapacity(dense.small.count)
        for (word, bits) in dense.members.words.enumerated() {
            var remaining = bits
            while remaining != 0 {
                let rowid = word << 6 + remaining.trailingZeroBitCount
                remaining &= remaining - 1
                rowids.append(rowid)
                frequencies.append(dense.frequency(of: rowid)!)
            }
        }
        return TermPostings(rowids: rowids, frequencies: frequencies)
    }

    static func == (lhs: TermPostings, rhs: TermPostings) -> Bool {
        let (l, r) = (lhs.listed(), rhs.listed())
        return l.rowids == r.rowids && l.frequencies == r.frequencies
    }

    /// Fields with lists of their own besides the whole paper: author names are searched
    /// with `au:` together with other words.
    static let fields: [TextField] = [.authors]

    /// The fewest papers a term needs, in an index of `papers`, for a list: below 1% of the
    /// papers FTS5 matches a word in about a millisecond.
    static func fewest(papers: Int) -> Int {
        max(TermImpacts.minimumDocuments, papers / 100)
    }

    /// The fewest papers a term needs, in an index of `papers`, for a list that serves only
    /// any-word searches (``PaperIndex/anyWordsRanked(_:request:)``): half a percent of the
    /// papers, and 256. A pasted abstract's words are mostly in 0.5% to 10% of them; FTS5
    /// reads a rarer word's matches in a few milliseconds.
    static func fewestForAny(papers: Int) -> Int {
        max(256, papers / 200)
    }

    init(rowids: [Int], frequencies: [UInt32]) {
        precondition(rowids.count == frequencies.count)
        self.rowids = rowids
        self.frequencies = frequencies
        dense = nil
    }

    private init(dense: Dense) {
        rowids = []
        frequencies = []
        self.dense = dense
    }

    /// Stored forms: the first byte tells which. A whole-paper list of one word is stored as
    /// ``FieldPostings`` (first byte 2), with each column's count; the sums are computed
    /// from those as it is read.
    enum Form: UInt8 {
        /// Per paper, the gap from the rowid before it (the first from 0) and the frequency,
        /// each an unsigned LEB128 varint (one byte each for most papers).
        case gaps = 0
        /// The bitmap's word count (varint), its words (UInt64 little-endian), a byte per
        /// member in rowid order (its frequency, 0 when over 255), then (rank, frequency)
        /// varint pairs for those.
        case bitmap = 1
    }

    /// Reads the stored form (``bytes``) of a list of `count` papers; nil when it is not one.
    init?(bytes: UnsafeRawBufferPointer, count: Int) {
        if bytes.first == FieldPostings.tag {
            // The standard ranking's sums, straight from the columns' counts.
            guard count >= 0 else { return nil }
            // Every element is written by the decoding, or the arrays are dropped: not zeroed
            // first (a tenth of a two-word search's instructions at 1M papers).
            var complete = false
            var frequencies: [UInt32] = []
            let rowids = [Int](unsafeUninitializedCapacity: count) { rowids, rowidsWritten in
                frequencies = [UInt32](unsafeUninitializedCapacity: count) { frequencies, frequenciesWritten in
                    var sink = SumsSink(rowids: rowids, frequencies: frequencies)
                    complete = FieldPostings.decode(bytes, count: count, into: &sink)
                    frequenciesWritten = complete ? count : 0
                }
                rowidsWritten = complete ? count : 0
            }
            guard complete else { return nil }
            self.init(rowids: rowids, frequencies: frequencies)
            return
        }
        guard let tag = bytes.first, let form = Form(rawValue: tag) else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[1...])
        switch form {
        case .gaps:
            self.init(gaps: rest, count: count)
        case .bitmap:
            guard let dense = Self.dense(rest, count: count) else { return nil }
            self.init(dense: dense)
        }
    }

    /// Fills a list's rowids and standard sums from ``FieldPostings``'s stored form.
    private struct SumsSink: FieldPostings.Sink {
        let rowids: UnsafeMutableBufferPointer<Int>
        let frequencies: UnsafeMutableBufferPointer<UInt32>
        let onceSum = UInt32(FieldPostings.weighted(FieldPostings.once))

        func paper(_ index: Int, rowid: Int, counts: UInt64) {
            rowids[index] = rowid
            if counts == FieldPostings.once {
                frequencies[index] = onceSum
            } else {
                frequencies[index] = UInt32(FieldPostings.weighted(counts))
            }
        }
    }

    /// Reads an unsigned LEB128 varint (seven bits a byte, low first, the high bit set on all
    /// but the last) at `position` in `bytes`, moving past it.
    @inline(__always)
    static func varint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    private static func dense(_ bytes: UnsafeRawBufferPointer, count: Int) -> Dense? {
        var position = 0
        guard let wordCount = varint(bytes, &position).map(Int.init), wordCount >= 0,
              position + 8 * wordCount + count <= bytes.count else { return nil }
        let members = TermMembers(bytes: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + 8 * wordCount)]))
        position += 8 * wordCount
        var ranks = [Int](repeating: 0, count: wordCount)
        var total = 0
        for (index, word) in members.words.enumerated() {
            ranks[index] = total
            total += word.nonzeroBitCount
        }
        guard total == count else { return nil }
        let small = [UInt8](bytes[position..<(position + count)])
        position += count
        var large: [Int: UInt32] = [:]
        while position < bytes.count {
            guard let rank = varint(bytes, &position), let frequency = varint(bytes, &position),
                  rank < UInt64(count), frequency <= UInt64(UInt32.max) else { return nil }
            large[Int(rank)] = UInt32(frequency)
        }
        guard small.indices.allSatisfy({ small[$0] != 0 || large[$0] != nil }) else { return nil }
        return Dense(members: members, ranks: ranks, small: small, large: large)
    }

    private init?(gaps bytes: UnsafeRawBufferPointer, count: Int) {
        guard count >= 0, count <= bytes.count else {
            if count == 0 && bytes.isEmpty { (rowids, frequencies, dense) = ([], [], nil); return }
            return nil
        }
        var position = 0
        var complete = true
        var rowid = 0
        var frequencies = [UInt32](repeating: 0, count: count)
        let rowids = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            frequencies.withUnsafeMutableBufferPointer { frequencyBuffer in
                for index in 0..<count {
                    guard let frequency = Self.next(bytes, at: &position, after: &rowid) else { complete = false; break }
                    buffer[index] = rowid
                    frequencyBuffer[index] = frequency
                    initialized = index + 1
                }
            }
        }
        guard complete, position == bytes.count, rowids.count == count else { return nil }
        self.rowids = rowids
        self.frequencies = frequencies
        dense = nil
    }

    /// The frequency of the paper stored at `position` in the gaps form (after its first
    /// byte), whose gap is from `rowid`; moves `position` past the paper and sets `rowid` to
    /// its rowid. Nil when the bytes there are not a paper.
    @inline(__always)
    static func next(_ bytes: UnsafeRawBufferPointer, at position: inout Int, after rowid: inout Int) -> UInt32? {
        // Most gaps and frequencies take one byte each.
        if position + 1 < bytes.count, bytes[position] < 0x80, bytes[position + 1] < 0x80 {
            rowid += Int(bytes[position])
            defer { position += 2 }
            return UInt32(bytes[position + 1])
        }
        guard let gap = varint(bytes, &position), let frequency = varint(bytes, &position),
              gap <= UInt64(Int32.max), frequency <= UInt64(UInt32.max) else { return nil }
        rowid += Int(gap)
        return UInt32(frequency)
    }

    /// Appends `value` to `bytes` as an unsigned LEB128 varint.
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Writes the stored gaps form paper by paper, in rowid order, so that many lists can be
    /// built at once (``WordPairs``) without holding each one's rowids and frequencies; the
    /// bytes can be taken away part by part and joined later.
    struct Appender {
        /// The stored form written since the last ``takeBytes()`` (the first part starts with
        /// the form's byte).
        private(set) var bytes: [UInt8] = [Form.gaps.rawValue]
        /// Papers appended.
        private(set) var count = 0
        /// The rowid appended last (0 before any).
        private(set) var last = 0

        /// Adds the paper at `rowid`, above every rowid before it.
        ///
        /// - Returns: the number of bytes written.
        @discardableResult
        mutating func append(rowid: Int, frequency: UInt32) -> Int {
            precondition(rowid >= 0 && (count == 0 || rowid > last), "rowids must ascend")
            let before = bytes.count
            TermPostings.append(UInt64(rowid - last), to: &bytes)
            TermPostings.append(UInt64(frequency), to: &bytes)
            last = rowid
            count += 1
            return bytes.count - before
        }

        /// The bytes written since the last call, which go on being written as if still here.
        mutating func takeBytes() -> [UInt8] {
            defer { bytes = [] }
            return bytes
        }
    }

    /// Joins the gaps form of a list (`first`, whose last rowid is `last`) and that of a list
    /// of later rowids (`second`), both as ``Appender`` wrote them from the start; nil when
    /// `second` does not start as the gaps form does.
    static func joined(_ first: [UInt8], last: Int, _ second: [UInt8]) -> [UInt8]? {
        guard first.count > 1 else { return second }
        guard second.first == Form.gaps.rawValue else { return nil }
        // The second list's first gap is its first rowid: rewritten as the gap from `last`.
        return second.withUnsafeBytes { bytes -> [UInt8]? in
            var position = 1
            guard let rowid = varint(bytes, &position), rowid > UInt64(last) else { return nil }
            var joined = first
            joined.reserveCapacity(first.count + second.count)
            append(rowid - UInt64(last), to: &joined)
            joined += bytes[position...]
            return joined
        }
    }

    /// The stored form (``Form``): the smaller of the two.
    var bytes: [UInt8] {
        let list = listed()
        var gaps: [UInt8] = [Form.gaps.rawValue]
        gaps.reserveCapacity(2 * list.rowids.count + 8)
        var previous = 0
        for (rowid, frequency) in zip(list.rowids, list.frequencies) {
            Self.append(UInt64(rowid - previous), to: &gaps)
            Self.append(UInt64(frequency), to: &gaps)
            previous = rowid
        }
        let members = TermMembers(rowids: list.rowids)
        guard 1 + 10 + 8 * members.words.count + list.rowids.count < gaps.count else { return gaps }
        var bitmap: [UInt8] = [Form.bitmap.rawValue]
        Self.append(UInt64(members.words.count), to: &bitmap)
        bitmap += members.bytes
        bitmap += list.frequencies.map { $0 <= 255 ? UInt8($0) : 0 }
        for (rank, frequency) in list.frequencies.enumerated() where frequency > 255 {
            Self.append(UInt64(rank), to: &bitmap)
            Self.append(UInt64(frequency), to: &bitmap)
        }
        return bitmap.count < gaps.count ? bitmap : gaps
    }

    /// `body`'s reading of the stored form of `token`'s list in `field` (nil: the whole
    /// paper) and its number of papers, or nil when there is none. The bytes are valid only
    /// during the call.
    static func withStored<T>(_ database: Database, token: String, field: TextField?,
                              _ body: (_ bytes: UnsafeRawBufferPointer, _ count: Int) -> T?) throws -> T? {
        let row = try database.cached("SELECT papers, postings FROM term_postings WHERE term = ?1 AND field = ?2")
        defer { row.reset() }
        try row.bind([.text(token), .text(field?.rawValue ?? "")])
        guard try row.step() else { return nil }
        let count = row.int(at: 0)
        return row.withBlob(at: 1) { body($0, count) }
    }

    /// Reads the list of the single-word expression `expression` from the index: each match
    /// and its weighted frequency with the standard weights. Nil when a frequency is not a
    /// whole number in range (weights that are not whole numbers never are), or when the
    /// expression matches `limit` papers or more.
    static func read(_ database: Database, expression: String, limit: Int? = nil) throws -> TermPostings? {
        let weights = RankingWeights.standard
        return try PhraseFrequency.matches(database, expression: expression,
                                           weights: (weights.title, weights.abstract, weights.authors), limit: limit) { sum in
            sum >= 1 && sum <= Double(UInt32.max) && sum.rounded() == sum ? UInt32(sum) : nil
        }.map { TermPostings(rowids: $0.rowids, frequencies: $0.values) }
    }
}
