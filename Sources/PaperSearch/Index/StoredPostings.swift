/// A ``TermPostings`` list as stored in `term_postings`, decoded only as far as a search
/// needs it.
///
/// A search of two words, in 6% and 11% of 1M papers, takes the 60,000 papers of the first
/// as candidates and finds them in the second. Decoded first, the second list was 110,000
/// rowids and frequencies written to arrays, read again into a bitmap, then searched for each
/// of the 3,400 matches. Read from its stored form, each of its papers is tested against the
/// candidates as it is decoded, and only the matches' frequencies are kept.
struct StoredPostings: PostingsList {
    /// The stored form (``TermPostings/bytes``, or ``FieldPostings/bytes`` for a whole-paper
    /// list of one word).
    let bytes: [UInt8]
    /// Papers in the list.
    let count: Int

    var isBitmap: Bool { bytes.first == TermPostings.Form.bitmap.rawValue }

    func decoded() -> TermPostings? { read()?.listed() }

    /// The list as ``TermPostings`` reads it: a bitmap stays one.
    private func read() -> TermPostings? {
        bytes.withUnsafeBytes { TermPostings(bytes: $0, count: count) }
    }

    func frequencies(of candidates: [Int]) -> (kept: [Int], frequencies: [UInt32])? {
        let form = bytes.first
        guard form == FieldPostings.tag || form == TermPostings.Form.gaps.rawValue else {
            return read()?.frequencies(of: candidates)
        }
        guard count >= 0, count < bytes.count else { return nil }
        guard let highest = candidates.last else { return ([], []) }
        var bits = [UInt64](repeating: 0, count: highest >> 6 + 1)
        for rowid in candidates { bits[rowid >> 6] |= 1 << UInt64(rowid & 63) }
        return bytes.withUnsafeBytes { raw in
            candidates.withUnsafeBufferPointer { candidates in
                bits.withUnsafeBufferPointer { bits -> (kept: [Int], frequencies: [UInt32])? in
                    var matches = Matches(candidates: candidates, bits: bits)
                    if form == FieldPostings.tag {
                        guard FieldPostings.decode(raw, count: count, into: &matches) else { return nil }
                    } else {
                        var position = 1
                        var rowid = 0
                        for _ in 0..<count {
                            guard let frequency = TermPostings.next(raw, at: &position, after: &rowid) else { return nil }
                            if matches.holds(rowid) { matches.keep(rowid, frequency: frequency) }
                        }
                        guard position == raw.count else { return nil }
                    }
                    return (matches.kept, matches.found)
                }
            }
        }
    }

    /// The candidates a list holds, found as its papers are decoded in rowid order.
    private struct Matches: FieldPostings.Sink {
        /// Ascending rowids, and the same as a bitmap over rowids.
        let candidates: UnsafePointer<Int>
        let bits: UnsafePointer<UInt64>
        let words: Int
        /// Positions in ``candidates`` of the papers found, and the list's frequency in each.
        var kept: [Int] = []
        var found: [UInt32] = []
        /// Where the last match was among the candidates: the next is after it.
        private var candidate = 0
        private let onceSum = UInt32(FieldPostings.weighted(FieldPostings.once))

        init(candidates: UnsafeBufferPointer<Int>, bits: UnsafeBufferPointer<UInt64>) {
            self.candidates = candidates.baseAddress!
            self.bits = bits.baseAddress!
            words = bits.count
        }

        /// Whether `rowid` is a candidate. Most papers are not: a bit test each, and a branch
        /// rarely taken, where a merge with the candidates would mispredict at about every
        /// other paper.
        @inline(__always)
        func holds(_ rowid: Int) -> Bool {
            let word = rowid >> 6
            return word < words && bits[word] & (1 << UInt64(rowid & 63)) != 0
        }

        /// Keeps the candidate at `rowid` with the list's `frequency` in it.
        @inline(__always)
        mutating func keep(_ rowid: Int, frequency: UInt32) {
            while candidates[candidate] < rowid { candidate += 1 }
            kept.append(candidate)
            found.append(frequency)
        }

        @inline(__always)
        mutating func paper(_ index: Int, rowid: Int, counts: UInt64) {
            guard holds(rowid) else { return }
            keep(rowid, frequency: counts == FieldPostings.once ? onceSum : UInt32(FieldPostings.weighted(counts)))
        }
    }

    /// The stored list of `token` in `field` (nil: the whole paper) as an intersection reads
    /// it best, or nil when there is none (or it is not a list). A bitmap is read at once: its
    /// bits are tested where they are, and copying it first would copy it twice.
    static func load(_ database: Database, token: String, field: TextField?) throws -> (any PostingsList)? {
        try TermPostings.withStored(database, token: token, field: field) { bytes, count -> (any PostingsList)? in
            guard bytes.first != TermPostings.Form.bitmap.rawValue else { return TermPostings(bytes: bytes, count: count) }
            return StoredPostings(bytes: Array(bytes), count: count)
        }
    }
}
