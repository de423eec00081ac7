/// Reads CSV or TSV with a header row (RFC 4180 quoting; quoted fields may span lines),
/// mapping columns with ``RecordMapper``.
final class CSVRecordReader: PullRecordReader {
    private let lines: LineReader
    private let mapper: RecordMapper
    private let delimiter: UInt8
    private var header: [String]?

    init(lines: LineReader, map: FieldMap, delimiter: UInt8) {
        self.lines = lines
        self.delimiter = delimiter
        let format: InputFormat = delimiter == UInt8(ascii: "\t") ? .tsv : .csv
        self.mapper = RecordMapper(map: map, source: "\(format.rawValue):\(lines.path)")
    }

    var bytesRead: Int { lines.bytesRead }

    func next() throws -> ReadRecord? {
        while true {
            let fields: [String], line: Int
            do {
                guard let row = try nextRow() else { return nil }
                (fields, line) = row
            } catch let error as RowError {
                return .rejected(error.problem)
            }
            guard let header else {
                self.header = fields.map { $0.trimmingSpaces() }
                continue
            }
            if fields.count == 1, fields[0].isEmpty { continue }
            guard fields.count == header.count else {
                return .rejected(IngestProblem(path: lines.path, line: line,
                                               reason: "row has \(fields.count) fields, the header has \(header.count)"))
            }
            var record: [String: FieldValue] = [:]
            for (name, value) in zip(header, fields) { record[name] = .string(value) }
            do {
                return .paper(try mapper.paper(from: record), line: line)
            } catch let error as RecordError {
                return .rejected(IngestProblem(path: lines.path, line: line, reason: error.reason))
            }
        }
    }

    /// The next row's fields and the line it starts on; quoted fields continue across lines.
    private func nextRow() throws -> ([String], Int)? {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var startLine: Int?
        while let line = try lines.next() {
            guard case .text(var bytes, let number) = line else {
                if case .tooLong(let number, let size) = line {
                    throw RowError(problem: IngestProblem(path: lines.path, line: number,
                                                          reason: "line is \(size) bytes, over the \(lines.maxLineBytes)-byte limit"))
                }
                continue
            }
            if number == 1, bytes.starts(with: byteOrderMark) { bytes = bytes.dropFirst(3) }
            if startLine == nil { startLine = number }
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let byte = bytes[index]
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        let next = bytes.index(after: index)
                        if next < bytes.endIndex, bytes[next] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index = next
                        } else {
                            inQuotes = false
                        }
                    } else {
                        field.append(byte)
                    }
                } else if byte == UInt8(ascii: "\""), field.isEmpty {
                    inQuotes = true
                } else if byte == delimiter {
                    fields.append(String(decoding: field, as: UTF8.self))
                    field = []
                } else {
                    field.append(byte)
                }
                index = bytes.index(after: index)
            }
            if inQuotes {
                field.append(0x0A)
                continue
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return (fields, startLine ?? number)
        }
        if let startLine {
            fields.append(String(decoding: field, as: UTF8.self))
            return (fields, startLine)
        }
        return nil
    }
}

/// A row that cannot be read at all (an over-long line).
struct RowError: Error {
    let problem: IngestProblem
}
