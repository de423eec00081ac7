/// Recognizes and normalizes paper identifiers.
public enum PaperID {
    /// An arXiv identifier split into its version-less id and optional version.
    public struct Arxiv: Sendable, Equatable {
        /// The version-less id: `2301.01234` or `hep-th/9901001`.
        public var id: String
        /// The version number when one was given (`v2` → 2).
        public var version: Int?
    }

    /// Parses the forms a user or a file may give an arXiv id in.
    ///
    /// Accepts `2301.01234`, `2301.01234v2`, `0704.0001`, `hep-th/9901001`, `math.GT/0309136v1`,
    /// `arXiv:2301.01234`, and `https://arxiv.org/abs/2301.01234` (also `/pdf/`, `http:`,
    /// `export.arxiv.org`). Returns nil for anything else.
    ///
    ///     PaperID.arxiv("arXiv:2301.01234v2")  // Arxiv(id: "2301.01234", version: 2)
    public static func arxiv(_ text: String) -> Arxiv? {
        // Most ids of a metadata dump are bare new-style ones: told from their bytes, before
        // the string work below (a tenth of reading a record).
        if isBareNewStyle(text.utf8) { return Arxiv(id: text, version: nil) }
        var rest = Substring(text.trimmingSpaces())
        for prefix in ["https://", "http://"] where rest.lowercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let host = rest[..<slash].lowercased()
            guard host == "arxiv.org" || host.hasSuffix(".arxiv.org") else { return nil }
            rest = rest[rest.index(after: slash)...]
            guard let kind = rest.firstIndex(of: "/") else { return nil }
            guard ["abs", "pdf", "html"].contains(rest[..<kind].lowercased()) else { return nil }
            rest = rest[rest.index(after: kind)...]
            if rest.hasSuffix(".pdf") { rest = rest.dropLast(4) }
        }
        if rest.lowercased().hasPrefix("arxiv:") { rest = rest.dropFirst(6) }

        var version: Int?
        if let v = rest.lastIndex(where: { $0 == "v" || $0 == "V" }),
           v != rest.startIndex, rest[rest.index(before: v)].isASCIIDigit,
           let number = Int(rest[rest.index(after: v)...]) {
            version = number
            rest = rest[..<v]
        }
        let id = String(rest)
        return isNewStyle(id) || isOldStyle(id) ? Arxiv(id: id, version: version) : nil
    }

    /// `YYMM.NNNN` or `YYMM.NNNNN` and nothing else.
    private static func isBareNewStyle(_ bytes: String.UTF8View) -> Bool {
        guard bytes.count == 9 || bytes.count == 10 else { return false }
        for (offset, byte) in bytes.enumerated() {
            let wanted = offset == 4 ? byte == UInt8(ascii: ".") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard wanted else { return false }
        }
        return true
    }

    /// `YYMM.NNNN` (2007–2014) or `YYMM.NNNNN` (2015 on).
    private static func isNewStyle(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (4...5).contains(parts[1].count) else { return false }
        return parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }

    /// `archive(.SUBJ)?/YYMMNNN`, e.g. `hep-th/9901001`, `math.GT/0309136`.
    private static func isOldStyle(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 7, parts[1].allSatisfy(\.isASCIIDigit) else { return false }
        let archive = parts[0]
        guard let first = archive.first, first.isLetter else { return false }
        return archive.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" || $0 == "." }
    }

    /// The month an arXiv id was assigned in, as `YYYY-MM`, from the `YYMM` it carries.
    public static func month(ofArxivID id: String) -> String? {
        let digits: Substring
        if let slash = id.firstIndex(of: "/") {
            digits = id[id.index(after: slash)...].prefix(4)
        } else {
            digits = id.prefix(4)
        }
        guard digits.count == 4, let yy = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)),
              (1...12).contains(mm) else { return nil }
        // arXiv began in 1991: two-digit years from 91 on are 19xx.
        let year = yy >= 91 ? 1900 + yy : 2000 + yy
        return "\(year)-\(digits.suffix(2))"
    }

    /// A stable id for a record that has none, derived from its title.
    ///
    /// The rule: fold the title to lower case without diacritics, keep letters and digits,
    /// join the words with single spaces, and take the 64-bit FNV-1a hash of that text's UTF-8:
    /// `title-` followed by 16 hex digits. The same title, however it is spaced, cased or
    /// accented, gets the same id, so re-ingesting a listing never duplicates it.
    public static func derived(fromTitle title: String) -> String {
        let key = TextNormalizer.foldedWords(title).joined(separator: " ")
        var hash = FNV1a()
        hash.combine(key)
        let hex = String(hash.value, radix: 16)
        return "title-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
