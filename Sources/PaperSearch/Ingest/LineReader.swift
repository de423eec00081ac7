/// Reads lines from a ``ByteSource`` in fixed-size chunks, so memory stays bounded whatever the
/// input size. Lines longer than ``maxLineBytes`` are skipped and reported, not accumulated.
final class LineReader {
    /// One line, without its line terminator.
    enum Line {
        case text(ArraySlice<UInt8>, number: Int)
        case tooLong(number: Int, bytes: Int)
    }

    static let chunkSize = 1 << 20

    let path: String
    let maxLineBytes: Int
    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var lineNumber = 0

    /// Reads lines of `source`; `path` names it in messages.
    init(source: ByteSource, path: String, maxLineBytes: Int = 64 << 20) {
        self.source = source
        self.path = path
        self.maxLineBytes = maxLineBytes
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// Opens `path` (`-` for standard input, gzip detected) and reads its lines.
    convenience init(path: String, maxLineBytes: Int = 64 << 20) throws {
        self.init(source: try InputFile.open(path), path: path, maxLineBytes: maxLineBytes)
    }

    /// Bytes consumed from the input so far, for progress reporting.
    var bytesRead: Int { source.bytesConsumed }

    /// The next line, or nil at the end of input.
    func next() throws -> Line? {
        var skipping = 0  // bytes of an over-long line discarded so far
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                let lineStart = start
                start = newline + 1
                if skipping > 0 {
                    return .tooLong(number: lineNumber, bytes: skipping + newline - lineStart)
                }
                var end = newline
                if end > lineStart, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                return .text(buffer[lineStart..<end], number: lineNumber)
            }
            if atEnd {
                guard start < buffer.count || skipping > 0 else { return nil }
                lineNumber += 1
                let rest = buffer[start...]
                start = buffer.count
                if skipping > 0 { return .tooLong(number: lineNumber, bytes: skipping + rest.count) }
                return .text(rest, number: lineNumber)
            }
            if buffer.count - start > maxLineBytes {
                skipping += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            try fill()
        }
    }

    private func fill() throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        let count: Int
        do {
            count = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[oldCount...]))
            }
        } catch {
            buffer.removeSubrange(oldCount...)
            throw error
        }
        buffer.removeSubrange((oldCount + count)...)
        if count == 0 { atEnd = true }
    }

    /// The unread input, buffered bytes first, as a byte source of its own (for a parser that
    /// reads bytes itself after detection looked at the start).
    func remainder() -> ByteSource {
        BufferedSource(buffered: Array(buffer[start...]), rest: source)
    }

    /// The first bytes of the input, without consuming them, for format detection.
    func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        while buffer.count - start < count, !atEnd { try fill() }
        return buffer[start..<min(buffer.count, start + count)]
    }
}

@available(*, unavailable)
extension LineReader: Sendable {}

/// Bytes already read, then the rest of a source.
final class BufferedSource: ByteSource {
    private var buffered: [UInt8]
    private var offset = 0
    private let rest: ByteSource

    init(buffered: [UInt8], rest: ByteSource) {
        self.buffered = buffered
        self.rest = rest
    }

    var bytesConsumed: Int { rest.bytesConsumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < buffered.count {
            let count = min(buffer.count, buffered.count - offset)
            buffer.copyBytes(from: buffered[offset..<(offset + count)])
            offset += count
            if offset == buffered.count {
                buffered = []
                offset = 0
            }
            return count
        }
        return try rest.read(into: buffer)
    }
}
