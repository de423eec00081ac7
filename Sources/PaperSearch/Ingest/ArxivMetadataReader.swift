import Foundation

/// Reads arXiv metadata JSON lines (the Kaggle `arxiv-metadata-oai-snapshot.json` shape).
final class ArxivMetadataReader: PullRecordReader {
    private let lines: LineReader
    private let decoder = JSONDecoder()
    private let source: String

    init(lines: LineReader) {
        self.lines = lines
        self.source = "\(InputFormat.arxivJSON.rawValue):\(lines.path)"
    }

    var bytesRead: Int { lines.bytesRead }

    func next() throws -> ReadRecord? {
        while let line = try lines.next() {
            switch line {
            case .tooLong(let number, let bytes):
                return .rejected(problem(number, "line is \(bytes) bytes, over the \(lines.maxLineBytes)-byte limit"))
            case .text(var bytes, let number):
                if number == 1, bytes.starts(with: byteOrderMark) { bytes = bytes.dropFirst(3) }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do {
                    let record = try decoder.decode(ArxivMetadataRecord.self, from: Data(bytes))
                    return try .paper(record.paper(source: source), line: number)
                } catch let error as DecodingError {
                    return .rejected(problem(number, Self.describe(error)))
                } catch let error as RecordError {
                    return .rejected(problem(number, error.reason))
                }
            }
        }
        return nil
    }

    private func problem(_ line: Int, _ reason: String) -> IngestProblem {
        IngestProblem(path: lines.path, line: line, reason: reason)
    }

    /// A one-line reason instead of `DecodingError`'s nested dump.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "invalid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
        case .dataCorrupted(let context):
            return "field '\(path(context))': \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing field '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context))' is not \(type == String.self ? "a string" : "of type \(type)")"
        case .valueNotFound(_, let context):
            return "field '\(path(context))' is null"
        @unknown default:
            return "unreadable record"
        }
    }
}

/// A record that decodes but cannot become a paper.
struct RecordError: Error {
    let reason: String
}

/// The fields of one Kaggle arXiv metadata record that `papers` keeps.
struct ArxivMetadataRecord: Decodable {
    var id: String?
    var authors: String?
    var title: String?
    var comments: String?
    var journalRef: String?
    var doi: String?
    var categories: String?
    var abstract: String?
    var versions: [RawVersion]?
    var updateDate: String?
    var authorsParsed: [[String]]?

    struct RawVersion: Decodable {
        var version: String
        var created: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, authors, title, comments, doi, categories, abstract, versions
        case journalRef = "journal-ref"
        case updateDate = "update_date"
        case authorsParsed = "authors_parsed"
    }

    func paper(source: String) throws -> Paper {
        let title = TextNormalizer.collapseWhitespace(title ?? "")
        let abstract = TextNormalizer.collapseWhitespace(abstract ?? "")
        guard !title.isEmpty || !abstract.isEmpty else {
            throw RecordError(reason: "record has neither a title nor an abstract")
        }
        let rawID = (id ?? "").trimmingSpaces()
        let arxiv = PaperID.arxiv(rawID)
        let paperID = arxiv?.id ?? (rawID.isEmpty ? PaperID.derived(fromTitle: title) : rawID)

        let versions = (versions ?? []).map {
            Paper.Version(version: $0.version, created: $0.created.flatMap(ArxivDate.day(fromRFC2822:)))
        }
        let published = versions.first?.created
            ?? PaperID.month(ofArxivID: paperID).map { $0 + "-01" }
            ?? updateDate
        let updated = updateDate ?? versions.last?.created

        return Paper(
            id: paperID,
            title: title,
            abstract: abstract,
            authors: authorNames(),
            categories: (categories ?? "").split(separator: " ").map(String.init),
            published: published,
            updated: updated,
            doi: doi.map { $0.trimmingSpaces().lowercased() }.flatMap { $0.isEmpty ? nil : $0 },
            journalRef: journalRef.map(TextNormalizer.collapseWhitespace),
            comments: comments.map(TextNormalizer.collapseWhitespace),
            versions: versions,
            source: source
        )
    }

    /// `authors_parsed` (`[last, first, suffix]`) is preferred: it is already split and its
    /// accents are decoded; the raw `authors` string is the fallback.
    private func authorNames() -> [String] {
        if let parsed = authorsParsed, !parsed.isEmpty {
            return parsed.compactMap { parts in
                guard let last = parts.first else { return nil }
                let first = parts.count > 1 ? parts[1] : ""
                let suffix = parts.count > 2 ? parts[2] : ""
                let name = TextNormalizer.collapseWhitespace([first, last, suffix].joined(separator: " "))
                return name.isEmpty ? nil : name
            }
        }
        guard let authors else { return [] }
        let flat = TextNormalizer.collapseWhitespace(authors)
        return flat
            .replacingOccurrences(of: " and ", with: ", ")
            .split(separator: ",")
            .map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
    }
}

/// Dates as arXiv writes them.
enum ArxivDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Mon, 2 Apr 2007 19:18:42 GMT` → `2007-04-02`.
    static func day(fromRFC2822 text: String) -> String? {
        let parts = text.split(separator: " ")
        guard parts.count >= 4, let day = Int(parts[1]), let year = Int(parts[3]),
              let month = months.firstIndex(of: String(parts[2])) else { return nil }
        guard year >= 0, day >= 0 else { return String(format: "%04d-%02d-%02d", year, month + 1, day) }
        // `String(format:)` took half of reading a record's versions.
        func padded(_ number: Int, to width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, to: 4))-\(padded(month + 1, to: 2))-\(padded(day, to: 2))"
    }
}
