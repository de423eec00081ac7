/// Turns LaTeX in titles, abstracts and names into the text a reader would type, for the
/// index: `$T_{\mathrm{c}}$` → `Tc`, `\'e` and `{\'e}` → `é`, `{\"o}` → `ö`, `--` → `–`,
/// `\alpha` → `alpha`. The original text is kept for display.
enum LaTeXText {
    /// Combining marks for TeX accent commands.
    fileprivate static let accents: [Character: Unicode.Scalar] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}", "=": "\u{304}",
        ".": "\u{307}", "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}",
        "r": "\u{30A}", "d": "\u{323}", "b": "\u{331}",
    ]
    /// Letter commands: `\o` → ø, `\ss` → ß, ...
    fileprivate static let letters: [String: String] = [
        "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
        "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "_": "_", "$": "$", "#": "#",
        "{": "{", "}": "}",
    ]
    /// Commands whose argument is plain text to keep (`\mathrm{c}` → `c`).
    fileprivate static let wrappers: Set<String> = [
        "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "mathsf", "mathtt", "mathfrak", "boldsymbol",
        "text", "textrm", "textbf", "textit", "textsf", "texttt", "emph", "rm", "bf", "it", "sf", "tt",
        "operatorname", "mbox", "hbox", "bm", "em",
    ]
    /// Commands kept as the word they name: Greek letters and math functions.
    fileprivate static let words: Set<String> = [
        "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "sup", "inf", "lim", "det", "dim", "ker",
        "arg", "deg", "gcd", "Pr", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan",
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
        "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
        "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    ]

    /// True when `text` may hold TeX worth rewriting (a cheap test that skips most abstracts).
    static func mayContainTeX(_ text: String) -> Bool {
        // Iterating `utf8` itself took 36 instructions a byte; eight bytes at a time, a few.
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var offset = 0
            while offset + 8 <= bytes.count {
                let word = ByteWords.load(bytes, at: offset)
                let marks = ByteWords.equal(word, UInt8(ascii: "\\")) | ByteWords.equal(word, UInt8(ascii: "$"))
                    | ByteWords.equal(word, UInt8(ascii: "{")) | ByteWords.equal(word, UInt8(ascii: "~"))
                if marks != 0 { return true }
                if ByteWords.equal(word, UInt8(ascii: "-")) != 0 {
                    for index in max(offset, 1)..<(offset + 8)
                    where bytes[index] == UInt8(ascii: "-") && bytes[index - 1] == UInt8(ascii: "-") { return true }
                }
                offset += 8
            }
            return mayContainTeX(UnsafeBufferPointer(rebasing: bytes[max(offset - 1, 0)...]))
        } ?? mayContainTeX(text.utf8)
    }

    private static func mayContainTeX(_ bytes: some Sequence<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "{"), UInt8(ascii: "~"): return true
            case UInt8(ascii: "-") where previous == UInt8(ascii: "-"): return true
            default: previous = byte
            }
        }
        return false
    }

    /// The searchable form of `text`; `text` itself when there is no TeX in it.
    static func searchable(_ text: String) -> String {
        guard mayContainTeX(text) else { return text }
        var converter = Converter(characters: Array(text))
        converter.run()
        return TextNormalizer.collapseWhitespace(converter.output)
    }

    /// A single pass over the characters, emitting plain text.
    private struct Converter {
        let characters: [Character]
        var index = 0
        var output = ""
        var inMath = false
        /// A combining mark waiting for the next letter (`\'` then `e`).
        var pendingAccent: Unicode.Scalar?

        init(characters: [Character]) {
            self.characters = characters
        }

        mutating func run() {
            while index < characters.count {
                let c = characters[index]
                let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
                switch c {
                case "\\":
                    index += 1
                    command()
                case "$":
                    inMath.toggle()
                    index += 1
                case "{", "}":
                    index += 1
                case "_" where inMath || next == "{", "^" where inMath || next == "{":
                    // Sub- and superscripts join what they mark: `T_{c}` → `Tc`.
                    index += 1
                case "~":
                    output += " "
                    index += 1
                case "-" where next == "-":
                    let emDash = index + 2 < characters.count && characters[index + 2] == "-"
                    emit(emDash ? "—" : "–")
                    index += emDash ? 3 : 2
                default:
                    emit(String(c))
                    index += 1
                }
            }
        }

        /// Handles the command after a backslash.
        private mutating func command() {
            guard index < characters.count else { return }
            let first = characters[index]
            if !(first.isASCII && first.isLetter) {
                index += 1
                if let accent = LaTeXText.accents[first] {
                    startAccent(accent)
                } else {
                    emit(LaTeXText.letters[String(first)] ?? " ")
                }
                return
            }
            var end = index
            while end < characters.count, characters[end].isASCII, characters[end].isLetter { end += 1 }
            let name = String(characters[index..<end])
            index = end
            if name.count == 1, let accent = LaTeXText.accents[Character(name)] {
                startAccent(accent)
            } else if let letter = LaTeXText.letters[name] {
                emit(letter)
            } else if LaTeXText.words.contains(name) {
                emit(name)
            } else if !LaTeXText.wrappers.contains(name) {
                output += " "
            }
        }

        private mutating func startAccent(_ accent: Unicode.Scalar) {
            pendingAccent = accent
            while index < characters.count, characters[index] == " " { index += 1 }
        }

        private mutating func emit(_ piece: String) {
            guard let accent = pendingAccent else {
                output += piece
                return
            }
            pendingAccent = nil
            guard let first = piece.unicodeScalars.first, first.properties.isAlphabetic else {
                output += piece
                return
            }
            var scalars = String.UnicodeScalarView()
            scalars.append(first == "ı" ? "i" : first)
            scalars.append(accent)
            output += String(scalars).precomposedStringWithCanonicalMapping
            output += String(piece.unicodeScalars.dropFirst())
        }
    }
}
