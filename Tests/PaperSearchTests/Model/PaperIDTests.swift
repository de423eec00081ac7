import Testing
@testable import PaperSearch

@Suite struct PaperIDTests {
    @Test(arguments: [
        ("2301.01234", "2301.01234", nil),
        ("2301.01234v2", "2301.01234", 2),
        ("arXiv:2301.01234", "2301.01234", nil),
        ("https://arxiv.org/abs/2301.01234", "2301.01234", nil),
        ("http://export.arxiv.org/abs/2301.01234v3", "2301.01234", 3),
        ("https://arxiv.org/pdf/2301.01234v1.pdf", "2301.01234", 1),
        ("0704.0001", "0704.0001", nil),
        ("hep-th/9901001", "hep-th/9901001", nil),
        ("hep-th/9901001v1", "hep-th/9901001", 1),
        ("math.GT/0309136", "math.GT/0309136", nil),
    ] as [(String, String, Int?)])
    func recognizesArxivForms(text: String, id: String, version: Int?) {
        #expect(PaperID.arxiv(text) == PaperID.Arxiv(id: id, version: version))
    }

    @Test(arguments: ["2301.01234", "0704.0001", "2301.0123a", "2301-01234", "2301.012345", "23011.1234", "2301.01234v2"])
    func bareIDsReadAsTheGeneralFormsDo(text: String) {
        // The bytes-only check for bare new-style ids agrees with the general parse.
        let general = PaperID.arxiv("arXiv:" + text)
        #expect(PaperID.arxiv(text) == general)
    }

    @Test(arguments: ["", "graph", "2301.123", "12345.6789", "https://example.org/abs/2301.01234", "hep-th/99", "10.1000/xyz"])
    func rejectsOtherText(text: String) {
        #expect(PaperID.arxiv(text) == nil)
    }

    @Test func derivedIDIgnoresSpacingCaseAndAccents() {
        let a = PaperID.derived(fromTitle: "Distributed  Maximum Consensus over Noisy Links")
        let b = PaperID.derived(fromTitle: "distributed maximum consensus over noisy links!")
        #expect(a == b)
        #expect(a.hasPrefix("title-") && a.count == 22)
        #expect(PaperID.derived(fromTitle: "Zoë") == PaperID.derived(fromTitle: "zoe"))
        #expect(PaperID.derived(fromTitle: "Other paper") != a)
    }

    @Test func monthOfID() {
        #expect(PaperID.month(ofArxivID: "0704.0001") == "2007-04")
        #expect(PaperID.month(ofArxivID: "hep-th/9901001") == "1999-01")
        #expect(PaperID.month(ofArxivID: "2313.00001") == nil)
    }
}
