#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Bytes `start..<end` of `buffer` are read but not yet returned; the rest is room.
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var lineNumber = 0
    /// Where the search for the next newline resumes: bytes before it have none.
    private var scanned = 0

    /// Reads lines of `source`; `path` names it in messages.
    init(source: ByteSource, path: String, maxLineBytes: Int = 64 << 20) {
        self.source = source
        self.path = path
        self.maxLineBytes = maxLineBytes
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
            if let newline = findNewline() {
                lineNumber += 1
                let lineStart = start
                start = newline + 1
                scanned = start
                if skipping > 0 {
                    return .tooLong(number: lineNumber, bytes: skipping + newline - lineStart)
                }
                var lineEnd = newline
                if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                return .text(buffer[lineStart..<lineEnd], number: lineNumber)
            }
            if atEnd {
                guard start < end || skipping > 0 else { return nil }
                lineNumber += 1
                let rest = buffer[start..<end]
                start = end
                scanned = end
                if skipping > 0 { return .tooLong(number: lineNumber, bytes: skipping + rest.count) }
                return .text(rest, number: lineNumber)
            }
            if end - start > maxLineBytes {
                skipping += end - start
                start = 0
                end = 0
                scanned = 0
            }
            try fill()
        }
    }

    /// The index of the next newline at or after `scanned`, found with `memchr`.
    private func findNewline() -> Int? {
        let from = max(scanned, start)
        guard from < end else { return nil }
        let found: Int? = buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress,
                  let hit = memchr(base + from, Int32(UInt8(ascii: "\n")), end - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        scanned = found ?? end
        return found
    }

    /// Reads the next chunk after the valid bytes, first moving them to the front of the
    /// buffer (and growing it only when one line fills it).
    private func fill() throws {
        if start > 0 {
            let count = end - start
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, count)
            }
            scanned -= start
            end = count
            start = 0
        }
        if buffer.count - end < Self.chunkSize {
            buffer.append(contentsOf: [UInt8](repeating: 0, count: max(buffer.count, Self.chunkSize)))
        }
        let count = try buffer.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + Self.chunkSize)]))
        }
        end += count
        if count == 0 { atEnd = true }
    }

    /// The next bytes of the input, whatever lines they hold (for formats that are not
    /// line-based, such as a one-line JSON array); nil at the end.
    func nextChunk() throws -> ArraySlice<UInt8>? {
        if start >= end {
            if atEnd { return nil }
            start = 0
            end = 0
            scanned = 0
            try fill()
            if start >= end { return nil }
        }
        let chunk = buffer[start..<end]
        start = end
        scanned = end
        return chunk
    }

    /// The unread input, buffered bytes first, as a byte source of its own (for a parser that
    /// reads bytes itself after detection looked at the start).
    func remainder() -> ByteSource {
        BufferedSource(buffered: Array(buffer[start..<end]), rest: source)
    }

    /// The first bytes of the input, without consuming them, for format detection.
    func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        while end - start < count, !atEnd { try fill() }
        return buffer[start..<min(end, start + count)]
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
