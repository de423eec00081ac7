/// The input formats `papers ingest` reads.
public enum InputFormat: String, CaseIterable, Sendable {
    /// arXiv metadata JSON lines, the shape of Kaggle's `arxiv-metadata-oai-snapshot.json`.
    case arxivJSON = "arxiv-json"
    /// Generic JSON: JSON lines or a top-level array of objects, keys mapped by common names.
    case json
    /// CSV with a header row.
    case csv
    /// Tab-separated values with a header row.
    case tsv
    /// arXiv API Atom feeds.
    case atom
    /// OAI-PMH `ListRecords` responses (`arXiv`, `arXivRaw`, `oai_dc`).
    case oaiPMH = "oai-pmh"
    /// Text copied from a listing page: a title line, then an abstract line, repeated.
    case listing

    /// Guesses the format from the first bytes of the (decompressed) content; the file name is
    /// only a hint, since files are renamed and piped.
    static func detect(firstBytes: ArraySlice<UInt8>, path: String) -> InputFormat {
        var bytes = firstBytes.starts(with: byteOrderMark) ? firstBytes.dropFirst(3) : firstBytes
        bytes = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let text = String(decoding: bytes, as: UTF8.self)
        switch bytes.first {
        case UInt8(ascii: "<"):
            if text.contains("<OAI-PMH") || text.contains("<ListRecords") || text.contains("<record") { return .oaiPMH }
            return .atom
        case UInt8(ascii: "["):
            return .json
        case UInt8(ascii: "{"):
            let firstLine = text.prefix { $0 != "\n" }
            let kaggle = ["\"authors_parsed\"", "\"update_date\"", "\"submitter\"", "\"journal-ref\""]
            return kaggle.contains { firstLine.contains($0) } ? .arxivJSON : .json
        default:
            break
        }
        let header = text.prefix { $0 != "\n" && $0 != "\r" }.lowercased()
        let tabs = header.filter { $0 == "\t" }.count
        let commas = header.filter { $0 == "," }.count
        let lowerPath = path.lowercased()
        if lowerPath.hasSuffix(".tsv") || lowerPath.hasSuffix(".tsv.gz") { return .tsv }
        if lowerPath.hasSuffix(".csv") || lowerPath.hasSuffix(".csv.gz") { return tabs > commas ? .tsv : .csv }
        // A header row naming a title or abstract column makes a table; anything else is a listing.
        if header.contains("title") || header.contains("abstract") {
            if tabs > 0, tabs >= commas { return .tsv }
            if commas > 0 { return .csv }
        }
        return .listing
    }
}

/// The UTF-8 byte order mark some editors put at the start of a file.
let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
