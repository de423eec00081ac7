import Testing
@testable import PaperSearch

@Suite struct TermPostingsTests {
    @Test func theStoredFormReadsBackAndRefusesAnythingElse() throws {
        let list = TermPostings(rowids: [0, 1, 127, 128, 20_000, 1 << 30], frequencies: [1, 10, 3, 130, 16_384, 1])
        let bytes = list.bytes
        // Gaps and frequencies under 128 take one byte each.
        #expect(bytes.count == 1 + 2 + 2 + 2 + 3 + 6 + 6)
        #expect(bytes.first == 0)
        let read = bytes.withUnsafeBytes { TermPostings(bytes: $0, count: 6) }
        #expect(read == list)
        #expect(bytes.withUnsafeBytes { TermPostings(bytes: $0, count: 5) } == nil)
        #expect(bytes.dropLast().withUnsafeBytes { TermPostings(bytes: $0, count: 6) } == nil)
        #expect([UInt8]().withUnsafeBytes { TermPostings(bytes: $0, count: 0) } == nil)
        #expect([UInt8(0)].withUnsafeBytes { TermPostings(bytes: $0, count: 0) } == TermPostings(rowids: [], frequencies: []))
    }

    /// A list holding more than an eighth of the rowids is stored as a bitmap, and reads back
    /// the same, frequencies over 255 included.
    @Test func aDenseListIsStoredAsABitmap() throws {
        let rowids = Array(stride(from: 3, to: 4_000, by: 5))
        let frequencies = rowids.map { UInt32($0 % 97 == 0 ? 300 + $0 : 1 + $0 % 13) }
        let list = TermPostings(rowids: rowids, frequencies: frequencies)
        let bytes = list.bytes
        #expect(bytes.first == 1)
        #expect(bytes.count < 1 + 2 * rowids.count)
        let read = try #require(bytes.withUnsafeBytes { TermPostings(bytes: $0, count: rowids.count) })
        #expect(read.dense != nil && read.count == rowids.count)
        #expect(read.listed().rowids == rowids && read.listed().frequencies == frequencies)
        #expect(read.dense?.frequency(of: 8) == 9 && read.dense?.frequency(of: 7) == nil && read.dense?.frequency(of: 388) == 688)
        #expect(bytes.withUnsafeBytes { TermPostings(bytes: $0, count: rowids.count - 1) } == nil)
        #expect(bytes.dropLast(3).withUnsafeBytes { TermPostings(bytes: $0, count: rowids.count) } == nil)
    }

    /// Each paper's stored frequency is the sum `papers_bm25` makes of the word's occurrences:
    /// 10 for each in the title, 1 in the abstract, 3 in the author list.
    @Test func aListHoldsEveryPaperOfTheWordWithItsWeightedFrequency() throws {
        let directory = try TemporaryDirectory()
        let index = try Fixture.index("arxiv-metadata-200.jsonl", in: directory)
        let list = try #require(try TermPostings.read(index.database, expression: "\"quantum\""))
        #expect(list.rowids == list.rowids.sorted() && !list.rowids.isEmpty)
        #expect(list.rowids.count == (try index.database.scalarInt(
            "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'quantum'")))
        let stemmer = try index.queryWords().stemmer
        let row = try index.database.prepare("SELECT title, abstract, authors FROM papers WHERE rowid = ?1")
        for (rowid, frequency) in zip(list.rowids, list.frequencies) {
            row.reset()
            try row.bind([SQLValue(rowid)])
            #expect(try row.step())
            let counts = (0..<3).map { column in stemmer.documentTokens(row.text(at: Int32(column))).filter { $0 == "quantum" }.count }
            #expect(Int(frequency) == 10 * counts[0] + counts[1] + 3 * counts[2])
        }
        let authors = try #require(try TermPostings.read(index.database, expression: "{authors} : (\"wang\")"))
        #expect(authors.rowids.count >= 4 && authors.frequencies.allSatisfy { $0 % 3 == 0 })
    }

    @Test func theIntersectionHoldsTheRowidsInEveryListWithTheirFrequencies() throws {
        let a = TermPostings(rowids: Array(stride(from: 0, to: 3_000, by: 3)), frequencies: (0..<1_000).map { UInt32(1 + $0 % 5) })
        let b = TermPostings(rowids: Array(stride(from: 0, to: 3_000, by: 2)), frequencies: (0..<1_500).map { UInt32(2 + $0 % 3) })
        let c = TermPostings(rowids: [6, 12, 13, 2_994, 2_999], frequencies: [3, 3, 3, 3, 3])
        // The same lists as bitmaps (read back from their stored form).
        func dense(_ list: TermPostings) -> TermPostings {
            list.bytes.withUnsafeBytes { TermPostings(bytes: $0, count: list.count)! }
        }
        let (denseA, denseB) = (dense(a), dense(b))
        #expect(denseA.dense != nil && denseB.dense != nil && dense(c).dense == nil)
        // And as stored: in their own form (a and b bitmaps, c gaps), or with the columns'
        // counts (a frequency f as f times in the abstract, which weighs 1).
        func stored(_ list: TermPostings) -> StoredPostings {
            StoredPostings(bytes: list.bytes, count: list.count)
        }
        func columns(_ list: TermPostings) -> StoredPostings {
            let counts = list.frequencies.map { FieldPostings.pack(title: 0, abstract: Int($0), authors: 0)! }
            return StoredPostings(bytes: FieldPostings(rowids: list.rowids, counts: counts).bytes, count: list.count)
        }
        #expect(stored(a).isBitmap && !stored(c).isBitmap && !columns(a).isBitmap)
        let cases: [[any PostingsList]] = [
            [a, b], [b, a], [a, b, c], [c, a, b], [a, a], [denseA, b], [c, denseB, a], [denseA, denseB], [denseB, c],
            [stored(a), stored(c)], [columns(a), columns(b)], [columns(b), columns(a), stored(c)],
            [c, columns(b)], [stored(b), columns(c), a], [columns(c), columns(c)],
        ]
        for lists in cases {
            let decoded = try lists.map { try #require($0.decoded()) }
            let (rowids, frequencies) = try #require(PaperIndex.intersect(lists))
            let expected = decoded.dropFirst().reduce(Set(decoded[0].rowids)) { $0.intersection($1.rowids) }.sorted()
            #expect(rowids == expected)
            for (list, found) in zip(decoded, frequencies) {
                #expect(found == rowids.map { list.frequencies[list.rowids.firstIndex(of: $0)!] })
            }
        }
        #expect(try #require(PaperIndex.intersect([a, TermPostings(rowids: [], frequencies: [])])).rowids.isEmpty)
        #expect(try #require(PaperIndex.intersect([columns(a), c, StoredPostings(bytes: [2], count: 0)])).rowids.isEmpty)
    }

    @Test func aStoredListCutShortOrWithAPaperTooManyIsRefused() {
        let rowids = Array(stride(from: 5, to: 40_000, by: 7))
        let list = TermPostings(rowids: rowids, frequencies: rowids.map { UInt32($0 % 300 + 1) })
        let counts = rowids.map { FieldPostings.pack(title: $0 % 2, abstract: 1 + $0 % 20, authors: 0)! }
        let fields = FieldPostings(rowids: rowids, counts: counts)
        let candidates = Array(stride(from: 0, to: 40_000, by: 5))
        for bytes in [list.bytes, fields.bytes] {
            let whole = StoredPostings(bytes: bytes, count: rowids.count)
            #expect(whole.frequencies(of: candidates) != nil)
            #expect(StoredPostings(bytes: Array(bytes.dropLast(2)), count: rowids.count).frequencies(of: candidates) == nil)
            #expect(StoredPostings(bytes: bytes, count: rowids.count - 1).frequencies(of: candidates) == nil)
            #expect(StoredPostings(bytes: bytes, count: rowids.count + 1).frequencies(of: candidates) == nil)
        }
    }
}
