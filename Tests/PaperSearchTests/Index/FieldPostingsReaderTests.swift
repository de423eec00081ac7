import Testing
@testable import PaperSearch

@Suite struct FieldPostingsReaderTests {
    /// 1,000 papers in every stored form: a word once in the abstract within 63 rowids (one
    /// byte) and within 8,191 (two), other counts under a one-byte code, and the rarer forms
    /// (gaps of three bytes, codes of two, counts written out).
    private static func list() throws -> (rowids: [Int], counts: [UInt64]) {
        var rowids: [Int] = []
        var counts: [UInt64] = []
        var rowid = 0
        for number in 0..<1_000 {
            switch number % 10 {
            case 0: rowid += 9_000 + number
            case 1, 2: rowid += 100 + number % 7_000
            default: rowid += 1 + number % 60
            }
            rowids.append(rowid)
            let value: UInt64
            switch number % 13 {
            case 0: value = try #require(FieldPostings.pack(title: 1, abstract: 2, authors: 1))
            case 1: value = try #require(FieldPostings.pack(title: 0, abstract: 3, authors: 0))
            case 2: value = try #require(FieldPostings.pack(title: 2, abstract: 1, authors: 0))
            case 3: value = try #require(FieldPostings.pack(title: 0, abstract: 40, authors: 5))
            default: value = FieldPostings.once
            }
            counts.append(value)
        }
        return (rowids, counts)
    }

    /// Reads `reader` as a search does, block by block of `block` rowids, `capacity` papers at
    /// a time, each call's papers in rowid order.
    private static func readCommon(_ reader: inout FieldPostingsReader, block: Int, capacity: Int,
                                   below last: Int) -> (papers: [(Int, UInt64)], known: Bool) {
        let once = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let others = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let counts = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        defer {
            once.deallocate()
            others.deallocate()
            counts.deallocate()
        }
        let buffers = FieldPostingsReader.CommonPapers(once: once, others: others, counts: counts)
        var papers: [(Int, UInt64)] = []
        for end in stride(from: block, through: last + block, by: block) {
            reading: while true {
                let read = reader.readCommon(below: end, into: buffers, capacity: capacity)
                var given = (0..<read.once).map { (Int(once[$0]), FieldPostings.once) }
                given += (0..<read.others).map { (Int(others[$0]), counts[$0]) }
                papers += given.sorted { $0.0 < $1.0 }
                switch read.stop {
                case .full: continue
                case .end: break reading
                case .invalid: return (papers, false)
                case .rare:
                    switch reader.step(below: end) {
                    case .paper(let rowid, let value): papers.append((rowid, value))
                    case .end: break reading
                    case .invalid: return (papers, false)
                    }
                }
            }
        }
        return (papers, true)
    }

    @Test func theCommonFormsAndStepsGiveEveryPaperInOrder() throws {
        let (rowids, counts) = try Self.list()
        let list = FieldPostings(rowids: rowids, counts: counts)
        // Blocks that end inside runs of 64 papers and right at them; buffers that fill.
        for (block, capacity) in [(64, 7), (1_000, 64), (5_000, 3), (16_384, 512), (Int(Int32.max), 1)] {
            var reader = FieldPostingsReader(list)
            let read = Self.readCommon(&reader, block: block, capacity: capacity, below: rowids.last!)
            #expect(read.known)
            #expect(read.papers.map(\.0) == rowids, "block \(block), capacity \(capacity)")
            #expect(read.papers.map(\.1) == counts, "block \(block), capacity \(capacity)")
            #expect(reader.isComplete)
            // The marks left behind find every paper's counts again.
            for (rowid, value) in zip(rowids, counts) {
                #expect(reader.counts(of: rowid) == value)
            }
            #expect(reader.counts(of: rowids[0] - 1) == nil)
        }
    }

    @Test func theCommonFormsReadTheSameAsEveryPaperRead() throws {
        let (rowids, counts) = try Self.list()
        let list = FieldPostings(rowids: rowids, counts: counts)
        var general = FieldPostingsReader(list)
        var given: [(Int, UInt64)] = []
        #expect(general.read(below: Int.max) { rowid, value in
            given.append((rowid, value))
            return true
        })
        var common = FieldPostingsReader(list)
        let read = Self.readCommon(&common, block: 2_048, capacity: 100, below: rowids.last!)
        #expect(read.papers.map(\.0) == given.map(\.0) && read.papers.map(\.1) == given.map(\.1))
        // Most papers are in the common forms: the steps are the exception.
        let once = counts.filter { $0 == FieldPostings.once }.count
        #expect(once > 600 && once < counts.count)
    }

    @Test func decodingReadsEveryFormAndRejectsRowidsPast2To31() throws {
        let (rowids, counts) = try Self.list()
        let bytes = FieldPostings(rowids: rowids, counts: counts).bytes
        let decoded = try #require(bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count) })
        #expect(decoded.rowids == rowids && decoded.counts == counts)
        #expect(bytes.dropLast().withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count) } == nil)
        // 262,200 gaps of 8,191 (the largest of two bytes) pass 2³¹ - 1 only near the end.
        let far = [FieldPostings.tag] + Array(repeating: [0xFE, 0x7F] as [UInt8], count: 262_200).joined()
        #expect(far.withUnsafeBytes { FieldPostings(bytes: $0, count: 262_200) } == nil)
        #expect(far.dropLast(2 * 100).withUnsafeBytes { FieldPostings(bytes: $0, count: 262_100) }?.rowids.last == 262_100 * 8_191)
        var reader = try #require(FieldPostingsReader(bytes: far, count: 262_200))
        _ = Self.readCommon(&reader, block: 1 << 24, capacity: 512, below: Int(Int32.max))
        #expect(!reader.isComplete)
    }

    @Test func runsOfOneBytePapersAndTheCountAreReadExactly() throws {
        // Runs of every length to 11 of papers once in the abstract within 63 rowids (one byte
        // each, the largest gap every third paper), followed by papers of two other forms or
        // ending the list.
        let other = try #require(FieldPostings.pack(title: 1, abstract: 2, authors: 0))
        for run in 0...11 {
            for ending in [true, false] {
                var rowids: [Int] = []
                var counts: [UInt64] = []
                var rowid = 0
                for number in 0..<run {
                    rowid += number % 3 == 0 ? 63 : 1 + number
                    rowids.append(rowid)
                    counts.append(FieldPostings.once)
                }
                if !ending {
                    rowids += [rowid + 5_000, rowid + 5_001]
                    counts += [other, FieldPostings.once]
                }
                let bytes = FieldPostings(rowids: rowids, counts: counts).bytes
                let decoded = try #require(bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count) })
                #expect(decoded.rowids == rowids && decoded.counts == counts, "run \(run), ending \(ending)")
                // Bytes that hold a paper more than the count says are not that list.
                if !rowids.isEmpty {
                    #expect(bytes.withUnsafeBytes { FieldPostings(bytes: $0, count: rowids.count - 1) } == nil)
                }
            }
        }
    }

    @Test func aListCutShortIsNotComplete() throws {
        let (rowids, counts) = try Self.list()
        let bytes = FieldPostings(rowids: rowids, counts: counts).bytes
        var cut = try #require(FieldPostingsReader(bytes: Array(bytes.dropLast(3)), count: rowids.count))
        let read = Self.readCommon(&cut, block: 1_000, capacity: 64, below: rowids.last!)
        #expect(!read.known || !cut.isComplete)
        #expect(read.papers.count < rowids.count)
        var short = try #require(FieldPostingsReader(bytes: bytes, count: rowids.count - 1))
        _ = Self.readCommon(&short, block: 1_000, capacity: 64, below: rowids.last!)
        #expect(!short.isComplete)
    }
}
