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
                if index & 63 == 0, marks.count == index >> 6 { marks.append((rowid, position)) }
                (position, rowid, index) = (after, next, index + 1)
                guard body(next, counts) else { return false }
            }
            return true
        }
        (self.position, self.rowid, self.index) = (position, rowid, index)
        return read
    }

    /// What stopped ``readCommon(below:into:capacity:)``.
    enum CommonStop {
        /// A buffer is full.
        case full
        /// The next paper is at or past the end, or the list is read.
        case end
        /// The next paper is stored in a rarer form: ``step(below:)`` reads it.
        case rare
        /// The bytes are not a list.
        case invalid
    }

    /// Where ``readCommon(below:into:capacity:)`` writes the papers it reads, `capacity` of
    /// each kind at most.
    struct CommonPapers {
        /// The papers holding the word once in the abstract and nowhere else.
        let once: UnsafeMutablePointer<Int32>
        /// The other papers, and their packed counts.
        let others: UnsafeMutablePointer<Int32>
        let counts: UnsafeMutablePointer<UInt64>
    }

    /// Writes the papers not read yet below `end`, stored in the three commonest forms, to
    /// `papers`, until one of its buffers holds `capacity`, a paper in a rarer form, or the
    /// end. Returns how many it wrote of each kind.
    ///
    /// The commonest forms, at most two bytes, hold 97% of the 650,000 papers of a pasted
    /// abstract's lists at 1M papers: a word once in the abstract and nowhere else within
    /// 8,191 rowids of the paper before (one or two bytes), and other counts under a one-byte
    /// code within 63. Read by ``read(below:_:)``, with each paper's tests for every form, a
    /// paper took about 70 instructions (callgrind); here runs of up to 64 papers (the span
    /// between marks) are decoded by a loop with no other test, and the caller sums them in
    /// another.
    @inline(__always)
    mutating func readCommon(below end: Int, into papers: CommonPapers,
                             capacity: Int) -> (once: Int, others: Int, stop: CommonStop) {
        // The rowids written are below `end`, so below 2³¹ like every stored rowid.
        let end = min(end, Int(Int32.max) + 1)
        let count = self.count
        let start = (position: self.position, rowid: self.rowid, index: self.index)
        var marks = self.marks
        self.marks = []
        let result = bytes.withUnsafeBufferPointer { bytes -> (position: Int, rowid: Int, index: Int, once: Int, others: Int, stop: CommonStop) in
            let base = bytes.baseAddress!
            let size = bytes.count
            var (position, rowid, index) = start
            var (once, others) = (0, 0)
            while true {
                guard index < count else { return (position, rowid, index, once, others, .end) }
                guard once < capacity, others < capacity else { return (position, rowid, index, once, others, .full) }
                // Papers to the next mark, to the list's end, and that fit both buffers; each
                // of at most two bytes, so that no byte past the list is read.
                let run = min(64 - index & 63, count - index, capacity - Swift.max(once, others), (size - position) / 2)
                guard run > 0 else { break }
                // A run that read nothing leaves its mark for the next one.
                if index & 63 == 0, marks.count == index >> 6 { marks.append((rowid, position)) }
                var stop: CommonStop?
                var read = 0
                while read < run {
                    // FieldPostings.common's forms, told apart here so that a paper lands in
                    // its buffer without a test of its counts (3% of a pasted abstract's
                    // instructions through `common`).
                    let byte = base[position]
                    let second = base[position &+ 1]
                    var next = rowid &+ Int(byte &>> 1)
                    if byte & 0x81 == 0 {
                        guard next < end else { stop = .end; break }
                        papers.once[once] = Int32(truncatingIfNeeded: next)
                        once &+= 1
                        position &+= 1
                    } else if byte & 0x81 == 0x80, second < 0x80 {
                        next = rowid &+ (Int(byte & 0x7F) &>> 1 | Int(second) &<< 6)
                        guard next < end else { stop = .end; break }
                        papers.once[once] = Int32(truncatingIfNeeded: next)
                        once &+= 1
                        position &+= 2
                    } else if byte & 0x81 == 1, second < 0x80, second != 0 {
                        guard next < end else { stop = .end; break }
                        papers.others[others] = Int32(truncatingIfNeeded: next)
                        papers.counts[others] = FieldPostings.counts(code: UInt64(second))
                        others &+= 1
                        position &+= 2
                    } else {
                        stop = .rare
                        break
                    }
                    rowid = next
                    read &+= 1
                }
                index &+= read
                if let stop { return (position, rowid, index, once, others, stop) }
            }
            // The list's last bytes: a paper there may be of one byte, which the runs above do
            // not read past the last byte to find out; ``step(below:)`` reads it.
            return (position, rowid, index, once, others, .rare)
        }
        self.marks = marks
        (position, rowid, index) = (result.position, result.rowid, result.index)
        return (result.once, result.others, result.stop)
    }

    /// One paper read by ``step(below:)``.
    enum Step {
        /// The paper at `rowid`, with its packed counts.
        case paper(rowid: Int, counts: UInt64)
        /// The next paper is at or past the end, or the list is read.
        case end
        /// The bytes are not a list.
        case invalid
    }

    /// Reads the next paper, in any form, when it is below `end`.
    mutating func step(below end: Int) -> Step {
        var step = Step.end
        let known = read(below: end) { rowid, counts in
            step = .paper(rowid: rowid, counts: counts)
            return false
        }
        if case .paper = step { return step }
        return known ? .end : .invalid
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
