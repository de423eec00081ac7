/// One word's papers with its number of occurrences in each column (title, abstract,
/// authors): the stored form of a whole-paper list of ``TermPostings``, from which both
/// rankings are computed.
///
/// The standard ranking (`papers_bm25`) needs one weighted sum per paper, and a list that
/// held only that sum served it. BM25F (`papers_rank`, what `--any` ranks by) normalizes
/// each column by its own length before weighting, so it needs the columns apart: a pasted
/// abstract's 40 words ranked from such lists, not from FTS5 reading 700,000 matches with
/// their positions. Most papers hold a word once in the abstract, and such a paper takes
/// one byte: the lists are smaller than those of the sums were (1.4 against 1.9 bytes a
/// paper at 1M papers).
struct FieldPostings: Equatable {
    /// Rowids in ascending order, below 2³¹. A search does not decode lists into these: it
    /// reads the stored form (``FieldPostingsReader``).
    let rowids: [Int]
    /// Each paper's counts, in rowid order (packed as ``pack(title:abstract:authors:)``
    /// packs them).
    let counts: [UInt64]

    /// Papers in the list.
    var count: Int { rowids.count }

    /// A column's count takes 21 bits of a packed value: a column longer than 65,535 tokens
    /// has no stored length (``DocumentLengths``), so no ranking from lists reads it.
    private static let bits: UInt64 = 21
    private static let mask: UInt64 = (1 << bits) - 1

    /// The three counts in one value, nil when one does not fit.
    static func pack(title: Int, abstract: Int, authors: Int) -> UInt64? {
        guard [title, abstract, authors].allSatisfy({ $0 >= 0 && UInt64($0) <= mask }) else { return nil }
        return UInt64(title) << (2 * bits) | UInt64(abstract) << bits | UInt64(authors)
    }

    /// The title, abstract and authors counts of a packed value.
    @inline(__always)
    static func unpack(_ value: UInt64) -> (title: Int, abstract: Int, authors: Int) {
        (Int(value >> (2 * bits)), Int((value >> bits) & mask), Int(value & mask))
    }

    /// The sum ``TermPostings`` holds for the standard ranking: the counts weighted as it
    /// weighs the columns, as `papers_phrase_frequency` sums them.
    static func weighted(_ value: UInt64, weights: RankingWeights = .standard) -> Double {
        let (title, abstract, authors) = unpack(value)
        // In column order, one instance at a time: the order FTS5 gives the instances does
        // not change a sum of whole numbers.
        return Double(title) * weights.title + Double(abstract) * weights.abstract + Double(authors) * weights.authors
    }

    /// The list of papers at `rowids` (ascending, below 2³¹) with `counts`.
    init(rowids: [Int], counts: [UInt64]) {
        precondition(rowids.count == counts.count)
        precondition((rowids.first ?? 0) >= 0 && (rowids.last ?? 0) <= Int(Int32.max))
        self.rowids = rowids
        self.counts = counts
    }

    /// The first byte of the stored form, after ``TermPostings``'s own forms (0 and 1).
    static let tag: UInt8 = 2

    /// The counts of a word once in the abstract and nowhere else: 88% of the papers in the
    /// lists of the benchmark's 1M papers.
    static let once = UInt64(1) << bits

    /// The varint of a paper's counts when not ``once``: the abstract's count plus 16 times
    /// the authors' plus 64 times the title's when the abstract's is under 16 and the
    /// authors' under 4 (one byte for a word once in the title and a few times in the
    /// abstract); else 0, then the three counts.
    private static func code(_ value: UInt64) -> [UInt64] {
        let (title, abstract, authors) = unpack(value)
        if abstract < 16, authors < 4, title + abstract + authors > 0 {
            return [UInt64(abstract + 16 * authors + 64 * title)]
        }
        return [0, UInt64(title), UInt64(abstract), UInt64(authors)]
    }

    /// The stored form: ``tag``, then per paper, as unsigned LEB128 varints, the gap from the
    /// rowid before it (the first from 0) times two, plus one when its counts are not
    /// ``once`` and their ``code(_:)`` follows. A word once in a paper's abstract, within 63
    /// papers of the one before, takes one byte: the lists of words in 0.5% to 10% of 1M
    /// papers took 74 MB so, against 113 MB with a code for every paper.
    var bytes: [UInt8] {
        var bytes: [UInt8] = [Self.tag]
        bytes.reserveCapacity(count + count / 4 + 1)
        var previous = 0
        for (rowid, value) in zip(rowids, counts) {
            let other = value != Self.once
            TermPostings.append(UInt64(rowid - previous) << 1 | (other ? 1 : 0), to: &bytes)
            if other {
                for part in Self.code(value) { TermPostings.append(part, to: &bytes) }
            }
            previous = rowid
        }
        return bytes
    }

    /// Reads the stored form of a list of `count` papers; nil when it is not one.
    init?(bytes: UnsafeRawBufferPointer, count: Int) {
        var sink = ArraysSink()
        sink.rowids.reserveCapacity(max(0, count))
        sink.counts.reserveCapacity(max(0, count))
        guard Self.decode(bytes, count: count, into: &sink) else { return nil }
        self.init(rowids: sink.rowids, counts: sink.counts)
    }

    /// What ``decode(_:count:into:)`` gives each paper to.
    protocol Sink {
        /// The paper at `index` (0, 1, …) has `rowid` and the packed `counts`.
        mutating func paper(_ index: Int, rowid: Int, counts: UInt64)
    }

    /// Collects the papers in arrays.
    private struct ArraysSink: Sink {
        var rowids: [Int] = []
        var counts: [UInt64] = []

        mutating func paper(_ index: Int, rowid: Int, counts: UInt64) {
            rowids.append(rowid)
            self.counts.append(counts)
        }
    }

    /// Gives `sink` each paper of the stored form of a list of `count` papers, in order.
    /// False, part way or after the last paper, when the bytes are not such a list.
    ///
    /// The three commonest forms (a word once in the abstract within 63 or 8,191 rowids of
    /// the paper before, other counts under a one-byte code within 63), 97% of the papers in
    /// a pasted abstract's lists at 1M papers, are decoded here; ``next(_:at:after:)`` reads
    /// the others. Through it alone, with its tests for every form and of every rowid, a
    /// paper took about 40 instructions (callgrind, two-word searches at 1M papers).
    @inline(__always)
    static func decode<S: Sink>(_ bytes: UnsafeRawBufferPointer, count: Int, into sink: inout S) -> Bool {
        guard bytes.first == tag, count >= 0, count < bytes.count else { return false }
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let size = bytes.count
        var position = 1
        var rowid = 0
        var index = 0
        while index < count {
            // Two bytes are there to read: the common forms need no other test. A gap in them
            // is under 2¹³, so the rowid stays far from overflowing; whether it stayed below
            // 2³¹ is tested once, at the end, as the rowids only grow.
            if position &+ 1 < size, let paper = common(base[position], base[position &+ 1]) {
                rowid &+= paper.gap
                position &+= paper.width
                sink.paper(index, rowid: rowid, counts: paper.counts)
                index &+= 1
                continue
            }
            guard rowid <= Int(Int32.max), let counts = next(bytes, at: &position, after: &rowid) else { return false }
            sink.paper(index, rowid: rowid, counts: counts)
            index &+= 1
        }
        return position == size && rowid <= Int(Int32.max)
    }

    /// The gap, counts and width in bytes of a paper stored in one of the three commonest
    /// forms, read from its first two bytes; nil for another form. The forms: a word once in
    /// the abstract within 63 rowids of the paper before (one byte) or within 8,191 (two),
    /// and other counts under a one-byte ``code(_:)`` within 63 rowids (two).
    @inline(__always)
    static func common(_ byte: UInt8, _ second: UInt8) -> (gap: Int, counts: UInt64, width: Int)? {
        if byte & 0x81 == 0 { return (Int(byte &>> 1), once, 1) }
        guard second < 0x80 else { return nil }
        if byte & 0x81 == 0x80 { return (Int(byte & 0x7F) &>> 1 | Int(second) &<< 6, once, 2) }
        if byte & 0x81 == 1, second != 0 { return (Int(byte &>> 1), counts(code: UInt64(second)), 2) }
        return nil
    }

    /// The packed counts of a nonzero one-value ``code(_:)`` whose title count fits.
    @inline(__always)
    static func counts(code: UInt64) -> UInt64 {
        (code >> 6) << (2 * bits) | (code & 15) << bits | (code >> 4) & 3
    }

    /// The counts of the paper stored at `position`, whose gap is from `rowid`; moves
    /// `position` past the paper and sets `rowid` to its rowid. Nil when the bytes there are
    /// not a paper, or its rowid is 2³¹ or more.
    @inline(__always)
    static func next(_ bytes: UnsafeRawBufferPointer, at position: inout Int, after rowid: inout Int) -> UInt64? {
        guard position < bytes.count else { return nil }
        // Most papers (the list's last byte aside, which the varints below read as well).
        if position + 1 < bytes.count, let paper = common(bytes[position], bytes[position + 1]) {
            position += paper.width
            rowid += paper.gap
            return rowid <= Int(Int32.max) ? paper.counts : nil
        }
        guard let doubled = TermPostings.varint(bytes, &position), doubled >> 1 <= UInt64(Int32.max) else { return nil }
        rowid += Int(doubled >> 1)
        guard rowid <= Int(Int32.max) else { return nil }
        guard doubled & 1 == 1 else { return once }
        guard let code = TermPostings.varint(bytes, &position) else { return nil }
        guard code == 0 else {
            guard code >> 6 <= mask else { return nil }
            return counts(code: code)
        }
        guard let title = TermPostings.varint(bytes, &position), let abstract = TermPostings.varint(bytes, &position),
              let authors = TermPostings.varint(bytes, &position), title <= mask, abstract <= mask,
              authors <= mask else { return nil }
        return title << (2 * bits) | abstract << bits | authors
    }

    /// Reads the list of the single-word expression `expression` from the index, or nil when
    /// it matches `limit` papers or more, or a count does not fit.
    static func read(_ database: Database, expression: String, limit: Int? = nil) throws -> FieldPostings? {
        // One weighted sum per paper, with weights that keep the three counts apart: exact
        // in a Double while each count is under 65,536.
        try PhraseFrequency.matches(database, expression: expression, weights: (4_294_967_296, 1, 65_536), limit: limit) { sum in
            guard sum >= 1, sum < 281_474_976_710_656, sum.rounded() == sum else { return nil }
            let whole = UInt64(sum)
            let title = Int(whole >> 32), authors = Int((whole >> 16) & 0xFFFF), abstract = Int(whole & 0xFFFF)
            // A count of 65,536 or more would carry into the next one.
            guard abstract < 0xFFFF, authors < 0xFFFF else { return nil }
            return pack(title: title, abstract: abstract, authors: authors)
        }.map { FieldPostings(rowids: $0.rowids, counts: $0.values) }
    }
}
