import CSQLite

/// Each paper's length in indexed tokens (`Schema/005_document_lengths.sql`), or each of its
/// columns' (`Schema/012_field_lengths.sql`), as the ranking functions read them: 4,096
/// rowids to a stored blob, each blob read once and then kept.
///
/// FTS5 answers a ranking function's `xColumnSize` with one lookup in its docsize table per
/// matching paper. Ranking a word in 6% of 1M papers took 53 ms, 20 ms without those lookups.
///
/// One instance belongs to one connection. What it keeps is dropped when another connection
/// commits (`PRAGMA data_version`, checked once per ranked query, inside the query's read
/// snapshot) and when its own connection ingests (``reset()``).
final class DocumentLengths {
    /// What a table of lengths holds for each paper.
    enum Layout {
        /// The whole paper's length (schema 5).
        case papers
        /// The length plus one of each column: title, abstract, authors (schema 12), so an
        /// empty column is not taken for an unknown one.
        case fields

        /// The stored table.
        var table: String {
            switch self {
            case .papers: "document_lengths"
            case .fields: "field_lengths"
            }
        }

        /// Stored values per paper.
        var width: Int {
            switch self {
            case .papers: 1
            case .fields: 3
            }
        }

        /// Writes the stored values of a docsize row's column `sizes` at `values[slot...]`,
        /// ``DocumentLengths/unknown`` where one does not fit in 16 bits.
        func store(_ sizes: [Int], into values: inout [UInt16], at slot: Int) {
            func fitted(_ value: Int) -> UInt16 { value > 0 && value < Int(UInt16.max) ? UInt16(value) : unknown }
            switch self {
            case .papers:
                values[slot] = fitted(sizes.reduce(0, +))
            case .fields:
                for column in 0..<3 { values[slot + column] = fitted(column < sizes.count ? sizes[column] + 1 : 0) }
            }
        }
    }

    /// Rowids per stored blob.
    static let chunkSize = 4_096
    /// A stored length that means "not known here": ask FTS5.
    static let unknown: UInt16 = 0

    private let database: Database
    private let chunk: Statement
    private let width: Int
    private var version: Int?
    /// Lengths by rowid (`width` values each) for every chunk read so far, `unknown`
    /// elsewhere: one flat table, so the ranking function's lookup on every match is an
    /// index, not a walk through nested arrays.
    /// (Unchecked exclusivity: one connection's single thread reaches them, and the dynamic
    /// check cost more than the lookup it guarded.)
    @exclusivity(unchecked) private var table: UnsafeMutableBufferPointer<UInt16> = .init(start: nil, count: 0)
    /// Whether each chunk has been read (stored or not) since the last reset.
    @exclusivity(unchecked) private var read: [Bool] = []

    init(database: Database, layout: Layout = .papers) throws {
        self.database = database
        width = layout.width
        chunk = try database.prepare("SELECT lengths FROM \(layout.table) WHERE chunk = ?1", persistent: true)
    }

    deinit { table.deallocate() }

    /// Drops everything read so far (the connection itself changed the index).
    func reset() {
        read.removeAll()
        version = nil
    }

    /// Called at the start of each ranked query: drops what was read before another
    /// connection's commit.
    func startQuery() {
        let current = database.dataVersion()
        if current == nil || current != version {
            read.removeAll(keepingCapacity: true)
            version = current
        }
    }

    /// The length of the paper at `rowid` in tokens over all columns, or nil when the stored
    /// lengths do not know it. For the ``Layout/papers`` layout.
    func length(of rowid: Int64) -> Int? {
        guard rowid >= 0 else { return nil }
        let number = Int(rowid) / Self.chunkSize
        if number >= read.count || !read[number] { load(number) }
        let length = table[Int(rowid)]
        return length == Self.unknown ? nil : Int(length)
    }

    /// The stored values of the paper at `rowid` (``Layout/width`` of them, any of which may
    /// be ``unknown``), valid until the next call; nil for a negative rowid.
    func values(of rowid: Int64) -> UnsafePointer<UInt16>? {
        guard rowid >= 0 else { return nil }
        let number = Int(rowid) / Self.chunkSize
        if number >= read.count || !read[number] { load(number) }
        return UnsafePointer(table.baseAddress! + Int(rowid) * width)
    }

    /// The stored values of every paper below rowid `count` (``Layout/width`` values each, by
    /// rowid), read now if they were not: for the any-word sums, which read most papers'
    /// values and would otherwise check each paper's chunk. Valid until the next call of any
    /// method here.
    func all(below count: Int) -> UnsafePointer<UInt16>? {
        guard count > 0 else { return nil }
        for number in 0...((count - 1) / Self.chunkSize) where number >= read.count || !read[number] { load(number) }
        return table.baseAddress.map { UnsafePointer($0) }
    }

    /// Reads chunk `number` into the table, growing it to hold the chunk.
    private func load(_ number: Int) {
        if number >= read.count { read.append(contentsOf: repeatElement(false, count: number - read.count + 1)) }
        let end = (number + 1) * Self.chunkSize * width
        if end > table.count {
            let grown = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: max(end, table.count * 2))
            grown.initialize(repeating: Self.unknown)
            if let old = table.baseAddress { grown.baseAddress!.update(from: old, count: table.count) }
            table.deallocate()
            table = grown
        }
        let slots = UnsafeMutableBufferPointer(rebasing: table[(number * Self.chunkSize * width)..<end])
        var stored = 0
        chunk.reset()
        if (try? chunk.bind([SQLValue(number)])) != nil, (try? chunk.step()) == true {
            chunk.withBlob(at: 0) { bytes in
                // Stored little-endian: a copy, then a swap only on a big-endian machine.
                let count = min(bytes.count / 2, slots.count)
                stored = count
                UnsafeMutableRawBufferPointer(slots).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<(2 * count)]))
                if UInt16(littleEndian: 1) != 1 {
                    for index in 0..<count { slots[index] = UInt16(littleEndian: slots[index]) }
                }
            }
        }
        chunk.reset()
        if stored < slots.count { UnsafeMutableBufferPointer(rebasing: slots[stored...]).update(repeating: Self.unknown) }
        read[number] = true
    }

    /// 16-bit little-endian counts from a stored blob.
    static func decode(_ bytes: [UInt8]) -> [UInt16] {
        var lengths = [UInt16](repeating: unknown, count: bytes.count / 2)
        for index in lengths.indices {
            lengths[index] = UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8
        }
        return lengths
    }

    /// A stored blob from 16-bit counts.
    static func encode(_ lengths: [UInt16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lengths.count * 2)
        for length in lengths {
            bytes.append(UInt8(truncatingIfNeeded: length))
            bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        }
        return bytes
    }
}

@available(*, unavailable)
extension DocumentLengths: Sendable {}
