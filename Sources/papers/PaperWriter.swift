import Foundation
import PaperSearch

/// Streams papers as a JSON array, JSON lines or CSV, one record at a time, in 64 KiB writes.
final class PaperWriter {
    private let format: OutputFormat
    private let sink: (Data) throws -> Void
    private var buffer = Data()
    private let encoder = JSONOutput.encoder(pretty: false)
    private var first = true

    static let csvColumns = ["id", "title", "authors", "categories", "published", "updated", "doi",
                             "journal_ref", "comments", "abstract"]

    init(format: OutputFormat, emit: @escaping (Data) throws -> Void) {
        self.format = format
        self.sink = emit
    }

    private func emit(_ data: Data) throws {
        buffer.append(data)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func begin() throws {
        switch format {
        case .json: try emit(Data("[".utf8))
        case .csv: try emit(Data((Self.csvColumns.joined(separator: ",") + "\r\n").utf8))
        default: break
        }
    }

    func write(_ paper: Paper) throws {
        switch format {
        case .json:
            try emit(Data((first ? "\n" : ",\n").utf8) + encoder.encode(paper))
        case .jsonl, .text:
            try emit(encoder.encode(paper) + Data("\n".utf8))
        case .csv:
            let fields = [paper.id, paper.title, paper.authors.joined(separator: "; "),
                          paper.categories.joined(separator: "; "), paper.published ?? "", paper.updated ?? "",
                          paper.doi ?? "", paper.journalRef ?? "", paper.comments ?? "", paper.abstract]
            try emit(Data((fields.map(Self.csvField).joined(separator: ",") + "\r\n").utf8))
        }
        first = false
    }

    func end() throws {
        if format == .json { try emit(Data((first ? "]\n" : "\n]\n").utf8)) }
        try flush()
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
