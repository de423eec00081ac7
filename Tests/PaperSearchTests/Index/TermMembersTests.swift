import Testing
@testable import PaperSearch

@Suite struct TermMembersTests {
    @Test func aSetHoldsItsRowidsAndNoOthers() {
        let members = TermMembers(rowids: [0, 1, 63, 64, 200])
        #expect([0, 1, 63, 64, 200].allSatisfy(members.contains))
        #expect(![2, 62, 65, 199, 201, 10_000, -1].contains(where: members.contains))
        #expect(members.count == 5)
    }

    @Test func theStoredFormReadsBack() {
        let members = TermMembers(rowids: [3, 70, 1_000])
        let bytes = members.bytes
        #expect(bytes.count == 8 * 16)
        #expect(bytes.withUnsafeBytes { TermMembers(bytes: $0) } == members)
    }

    @Test func anIntersectionKeepsWhatBothHold() {
        var a = TermMembers(rowids: [1, 5, 64, 130, 500])
        a.formIntersection(TermMembers(rowids: [5, 130, 131]))
        #expect(a.count == 2)
        #expect(a.contains(5) && a.contains(130))
        var b = TermMembers(rowids: [5, 130, 131])
        b.formIntersection(TermMembers(rowids: [1, 5, 64, 130, 500]))
        #expect(b == a)
    }
}
