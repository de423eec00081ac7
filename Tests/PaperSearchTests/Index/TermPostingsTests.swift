import Testing
@testable import PaperSearch

@Suite struct TermPostingsTests {
    @Test func theStoredFormReadsBackAndRefusesAnythingElse() throws {
        let list = TermPostings(rowids: [0, 1, 127, 128, 20_000, 1 << 30], frequencies: [1, 10, 3, 130, 16_384, 1])
        let bytes = list.bytes
        // Gaps and frequencies under 128 take one byte each.
        #expect(bytes.count == 2 + 2 + 2 + 3 + 6 + 6)
        let read = bytes.withUnsafeBytes { TermPostings(bytes: $0, count: 6) }
        #expect(read == list)
        #expect(bytes.withUnsafeBytes { TermPostings(bytes: $0, count: 5) } == nil)
        #expect(bytes.dropLast().withUnsafeBytes { TermPostings(bytes: $0, count: 6) } == nil)
        #expect([UInt8]().withUnsafeBytes { TermPostings(bytes: $0, count: 0) } == TermPostings(rowids: [], frequencies: []))
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

    @Test func theIntersectionHoldsTheRowidsInEveryListWithTheirPositions() {
        let a = TermPostings(rowids: Array(stride(from: 0, to: 3_000, by: 3)), frequencies: Array(repeating: 1, count: 1_000))
        let b = TermPostings(rowids: Array(stride(from: 0, to: 3_000, by: 2)), frequencies: Array(repeating: 2, count: 1_500))
        let c = TermPostings(rowids: [6, 12, 13, 2_994, 2_999], frequencies: [3, 3, 3, 3, 3])
        for lists in [[a, b], [b, a], [a, b, c], [c, a, b], [a, a]] {
            let (rowids, positions) = PaperIndex.intersect(lists)
            let expected = lists.dropFirst().reduce(Set(lists[0].rowids)) { $0.intersection($1.rowids) }.sorted()
            #expect(rowids == expected)
            for (list, found) in zip(lists, positions) {
                #expect(found.map { list.rowids[$0] } == rowids)
            }
        }
        #expect(PaperIndex.intersect([a, TermPostings(rowids: [], frequencies: [])]).rowids.isEmpty)
    }
}
