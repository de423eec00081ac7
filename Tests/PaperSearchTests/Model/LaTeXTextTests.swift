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
