/// A stored ``FieldPostings`` list read in rowid order, a range of rowids at a time, straight
/// from its stored form.
///
/// An any-word search reads 650,000 papers of 15-20 lists at 1M papers. Decoding them into
/// arrays first, then summing from the arrays, wrote and read every paper twice; read here,
/// each paper is summed as it is decoded. The reader notes where every 64th paper starts,
/// so that the counts of the few papers scored exactly afterwards are found by decoding at
/// most 64 papers.
struct FieldPostingsReader {
    /// The stored form (``FieldPostings/bytes``).
    let bytes: [UInt8]
    /// Papers in the list.
    let count: Int

    /// Where the next paper starts, the rowid its gap is from, and its place in the list.
    private var position = 1
    private var rowid = 0
    private var index = 0
    /// Before every 64th paper (0, 64, …): the rowid its gap is from, and where it starts.
    private var marks: [(rowid: Int, position: Int)] = []

    /// A reader of the stored form `bytes` of a list of `count` papers; nil when it is not one.
    init?(bytes: [UInt8], count: Int) {
        guard bytes.first == FieldPostings.tag, count >= 0, count < bytes.count else { return nil }
        self.bytes = bytes
        self.count = count
        marks.reserveCapacity(count / 64 + 1)
    }

    /// A reader of `list`.
    init(_ list: FieldPostings) {
        self.init(bytes: list.bytes, count: list.count)!
    }

    /// True once every paper has been read and the bytes held exactly the list's papers.
    var isComplete: Bool { index == count && position == bytes.count }

    /// Gives `body` each paper not read yet whose rowid is below `end`, in order, with its
    /// packed counts (``FieldPostings/once`` for most). False when the bytes are not a list,
    /// or `body` returns false.
    @inline(__always)
    mutating func read(below end: Int, _ body: (_ rowid: Int, _ counts: UInt64) -> Bool) -> Bool {
        var (position, rowid, index) = (self.position, self.rowid, self.index)
        let count = self.count
        let bytes = self.bytes
        let read = bytes.withUnsafeBytes { raw -> Bool in
            while index < count {
                var (after, next) = (position, rowid)
                guard let counts = FieldPostings.next(raw, at: &after, after: &next) else { return false }
                // The first paper at or past the end is read again by the next range.
                guard next < end else { return true }
                if index & 63 == 0 { marks.append((rowid, position)) }
                (position, rowid, index) = (after, next, index + 1)
                guard body(next, counts) else { return false }
            }
            return true
        }
        (self.position, self.rowid, self.index) = (position, rowid, index)
        return read
    }

    /// The packed counts of the paper at `target`, or nil when the list does not hold it or
    /// has not been read to the end.
    func counts(of target: Int) -> UInt64? {
        guard isComplete, !marks.isEmpty else { return nil }
        // The last run of 64 papers that starts after a rowid below the target.
        var low = 0, high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if marks[middle].rowid < target { low = middle + 1 } else { high = middle }
        }
        let run = max(0, low - 1)
        var (position, rowid) = (marks[run].position, marks[run].rowid)
        return bytes.withUnsafeBytes { raw -> UInt64? in
            for _ in (64 * run)..<min(count, 64 * run + 64) {
                guard let counts = FieldPostings.next(raw, at: &position, after: &rowid) else { return nil }
                if rowid >= target { return rowid == target ? counts : nil }
            }
            return nil
        }
    }

    /// The stored whole-paper list of `token` in this form, or nil when there is none (or it
    /// is stored in a form without the columns).
    static func load(_ database: Database, token: String) throws -> FieldPostingsReader? {
        try TermPostings.withStored(database, token: token, field: nil) { FieldPostingsReader(bytes: Array($0), count: $1) }
    }
}
