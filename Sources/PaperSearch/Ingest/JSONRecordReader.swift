import Foundation

/// Reads generic JSON: JSON lines of objects, or one top-level array of objects, mapping keys
/// with ``RecordMapper``. Covers BEIR `corpus.jsonl`, Semantic Scholar, Hugging Face papers
/// and OpenAlex works.
final class JSONRecordReader: RecordReader {
    private let lines: LineReader
    private let mapper: RecordMapper
    /// The largest object read from an array; a bigger one is skipped, not buffered.
    static let maxObjectBytes = 64 << 20

    init(lines: LineReader, map: FieldMap) {
        self.lines = lines
        self.mapper = RecordMapper(map: map, source: "\(InputFormat.json.rawValue):\(lines.path)")
    }

    var bytesRead: Int { lines.bytesRead }

    func read(_ emit: (ReadRecord) throws -> Void) throws {
        let head = try lines.peek(4096)
        let first = head.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || byteOrderMark.contains($0) }).first
        if first == UInt8(ascii: "[") {
            try readArray(emit)
        } else {
            try readLines(emit)
        }
    }

    private func readLines(_ emit: (ReadRecord) throws -> Void) throws {
        while let line = try lines.next() {
            switch line {
            case .tooLong(let number, let bytes):
                try emit(.rejected(problem(number, "line is \(bytes) bytes, over the \(lines.maxLineBytes)-byte limit")))
            case .text(var bytes, let number):
                if number == 1, bytes.starts(with: byteOrderMark) { bytes = bytes.dropFirst(3) }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                try emit(record(Data(bytes), line: number))
            }
        }
    }

    /// Splits a top-level array into objects by tracking nesting and strings, reading raw
    /// chunks (a whole array is often one line), so only one object is in memory at a time.
    private func readArray(_ emit: (ReadRecord) throws -> Void) throws {
        var object: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        var line = 1
        var startLine = 0
        var oversized = false
        var seenArray = false
        var lastStrayLine = 0
        while let chunk = try lines.nextChunk() {
            for byte in chunk {
                if byte == 0x0A { line += 1 }
                if depth == 0 {
                    switch byte {
                    case UInt8(ascii: "[") where !seenArray: seenArray = true
                    case UInt8(ascii: "{"):
                        depth = 1
                        object = [byte]
                        startLine = line
                        oversized = false
                    case UInt8(ascii: "]"), UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: break
                    default:
                        if lastStrayLine != line {
                            lastStrayLine = line
                            try emit(.rejected(problem(line, "array element is not an object")))
                        }
                    }
                    continue
                }
                if !oversized {
                    object.append(byte)
                    if object.count > Self.maxObjectBytes {
                        oversized = true
                        object = []
                    }
                }
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        if oversized {
                            try emit(.rejected(problem(startLine, "object is over the \(Self.maxObjectBytes)-byte limit")))
                        } else {
                            try emit(record(Data(object), line: startLine))
                        }
                        object = []
                    }
                default: break
                }
            }
        }
        if depth > 0 {
            try emit(.rejected(problem(startLine, "object is not closed before the end of the file")))
        }
    }

    private func record(_ data: Data, line: Int) -> ReadRecord {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            return .rejected(problem(line, "invalid JSON"))
        }
        guard let object = parsed as? [String: Any] else {
            return .rejected(problem(line, "not a JSON object"))
        }
        do {
            return .paper(try mapper.paper(from: object.mapValues(FieldValue.init(json:))), line: line)
        } catch let error as RecordError {
            return .rejected(problem(line, error.reason))
        } catch {
            return .rejected(problem(line, "\(error)"))
        }
    }

    private func problem(_ line: Int, _ reason: String) -> IngestProblem {
        IngestProblem(path: lines.path, line: line, reason: reason)
    }
}
