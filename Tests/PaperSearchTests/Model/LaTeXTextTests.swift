import Testing
@testable import PaperSearch

@Suite struct LaTeXTextTests {
    @Test(arguments: [
        ("Enhancing $T_{\\mathrm{c}}$ in a bilayer", "Enhancing Tc in a bilayer"),
        ("temperature T_{c} of a superconductor", "temperature Tc of a superconductor"),
        // Outside math and without a brace, `_` and `^` are text: names and code keep them.
        ("$x_1$ and $y^2$ in snake_case and 2^n", "x1 and y2 in snake_case and 2^n"),
        ("C. Bal\\'azs", "C. Balázs"),
        ("Bal\\'{a}zs", "Balázs"),
        ("{\\\"o}rsted and M\\\"uller", "örsted and Müller"),
        ("Sch{\\\"o}dinger", "Schödinger"),
        ("\\c{c}a va", "ça va"),
        ("Erd\\H{o}s", "Erdős"),
        ("pages 10--20 --- roughly", "pages 10–20 — roughly"),
        ("the $\\alpha$-helix", "the alpha-helix"),
        ("50\\% more", "50% more"),
        ("plain text stays", "plain text stays"),
        ("$O(n \\log n)$ time", "O(n log n) time"),
        ("G\\\"{o}del's \\ss", "Gödel's ß"),
    ])
    func searchableText(tex: String, plain: String) {
        #expect(LaTeXText.searchable(tex) == plain)
    }

    @Test func plainTextIsReturnedAsIs() {
        let text = "We study graph neural networks - a survey."
        #expect(!LaTeXText.mayContainTeX(text))
        #expect(LaTeXText.searchable(text) == text)
    }
}

@Suite struct LaTeXTextScanTests {
    /// `mayContainTeX` byte by byte, as it was before it read eight bytes at a time.
    private func reference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            if "\\${~".utf8.contains(byte) { return true }
            if byte == UInt8(ascii: "-"), index > 0, bytes[index - 1] == UInt8(ascii: "-") { return true }
        }
        return false
    }

    @Test func eightBytesAtATimeFindWhatOneAtATimeFinds() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", " ", "-", "\\", "$", "{", "~", "é", "—"]
        var found = 0
        for length in 0..<40 {
            for _ in 0..<200 {
                let text = (0..<length).map { _ in pieces[Int.random(in: 0..<4, using: &generator) == 0
                    ? Int.random(in: 0..<pieces.count, using: &generator) : Int.random(in: 0..<3, using: &generator)] }.joined()
                #expect(LaTeXText.mayContainTeX(text) == reference(text), "\(text)")
                if reference(text) { found += 1 }
            }
        }
        // Both sides of every boundary: a pair of dashes across eight bytes, a mark at the end.
        for text in ["abcdefg-", "abcdefg--", "abcdefgh-", "abcdefg-h-", "1234567-" + "-rest", String(repeating: "x", count: 15) + "$"] {
            #expect(LaTeXText.mayContainTeX(text) == reference(text), "\(text)")
        }
        #expect(found > 100)
    }
}
