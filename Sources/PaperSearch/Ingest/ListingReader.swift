/// Reads text copied from a paper-listing page: a title line, then an abstract line, repeated.
///
/// Page chrome that such copies carry is dropped: banner lines ("Get trending papers in your
/// email inbox!") and a "Subscribe" button label glued to the first title. Blank lines are
/// ignored. Listings carry no ids: each paper gets ``PaperID/derived(fromTitle:)``.
final class ListingReader: PullRecordReader {
    private let lines: LineReader
    private let source: String

    /// Banner lines of listing pages, matched at the start of a line.
    static let bannerPrefixes = ["Get trending papers", "Subscribe to ", "Sign up for "]
    /// Button labels that a copy glues to the text after them.
    static let gluedLabels = ["Subscribe"]

    init(lines: LineReader) {
        self.lines = lines
        self.source = "\(InputFormat.listing.rawValue):\(lines.path)"
    }

    var bytesRead: Int { lines.bytesRead }

    func next() throws -> ReadRecord? {
        var title: (text: String, line: Int)?
        while let line = try lines.next() {
            let number: Int
            let text: String
            switch line {
            case .tooLong(let n, let bytes):
                return .rejected(IngestProblem(path: lines.path, line: n,
                                               reason: "line is \(bytes) bytes, over the \(lines.maxLineBytes)-byte limit"))
            case .text(let bytes, let n):
                guard let decoded = String(validating: bytes, as: UTF8.self) else {
                    return .rejected(IngestProblem(path: lines.path, line: n, reason: "line is not valid UTF-8"))
                }
                number = n
                text = Self.withoutChrome(TextNormalizer.collapseWhitespace(decoded))
            }
            if text.isEmpty { continue }
            guard let heading = title else {
                title = (text, number)
                continue
            }
            let paper = Paper(
                id: PaperID.derived(fromTitle: heading.text),
                title: heading.text,
                abstract: text,
                source: source
            )
            return .paper(paper, line: heading.line)
        }
        if let title {
            return .rejected(IngestProblem(path: lines.path, line: title.line,
                                           reason: "title without an abstract line after it"))
        }
        return nil
    }

    /// The line with banner text removed: empty for a banner line, without a glued label else.
    static func withoutChrome(_ line: String) -> String {
        if bannerPrefixes.contains(where: { line.hasPrefix($0) }) { return "" }
        if gluedLabels.contains(line) { return "" }
        for label in gluedLabels where line.hasPrefix(label) {
            let rest = line.dropFirst(label.count)
            // Only when glued: "SubscribeDistributed ..." loses the label, "Subscriber ..." does not.
            if let next = rest.first, next.isUppercase { return String(rest) }
        }
        return line
    }
}
