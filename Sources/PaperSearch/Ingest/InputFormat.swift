/// The input formats `papers ingest` reads.
public enum InputFormat: String, CaseIterable, Sendable {
    /// arXiv metadata JSON lines, the shape of Kaggle's `arxiv-metadata-oai-snapshot.json`.
    case arxivJSON = "arxiv-json"
    /// Text copied from a listing page: a title line, then an abstract line, repeated.
    case listing

    /// Guesses the format from the first bytes of the content (the extension is only a hint:
    /// files are often renamed or piped).
    static func detect(firstBytes: ArraySlice<UInt8>) -> InputFormat {
        let bytes = firstBytes.starts(with: byteOrderMark) ? firstBytes.dropFirst(3) : firstBytes
        let first = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return first == UInt8(ascii: "{") ? .arxivJSON : .listing
    }
}

/// The UTF-8 byte order mark some editors put at the start of a file.
let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
