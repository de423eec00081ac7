#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or standard input line by line in fixed-size chunks, so memory stays bounded
/// whatever the file size. Lines longer than ``maxLineBytes`` are skipped and reported, not
/// accumulated.
final class LineReader {
    /// One line, without its line terminator.
    enum Line {
        case text(ArraySlice<UInt8>, number: Int)
        case tooLong(number: Int, bytes: Int)
    }

    static let chunkSize = 1 << 20

    let path: String
    let maxLineBytes: Int
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var lineNumber = 0
    /// Bytes consumed from the input so far, for progress reporting.
    private(set) var bytesRead = 0

    /// Opens `path` for reading; `-` reads standard input.
    ///
    /// - Throws: ``IngestError/cannotOpen(path:reason:)``.
    init(path: String, maxLineBytes: Int = 64 << 20) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw IngestError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw IngestError.cannotOpen(path: path, reason: "it is a directory")
            }
            descriptor = fd
            ownsDescriptor = true
        }
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

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
        let count = buffer.withUnsafeMutableBytes { raw in
            read(descriptor, raw.baseAddress! + oldCount, Self.chunkSize)
        }
        guard count >= 0 else {
            buffer.removeSubrange(oldCount...)
            throw IngestError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        buffer.removeSubrange((oldCount + count)...)
        bytesRead += count
        if count == 0 { atEnd = true }
    }

    /// Reads the first bytes of the input without consuming them, for format detection.
    func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        while buffer.count - start < count, !atEnd { try fill() }
        return buffer[start..<min(buffer.count, start + count)]
    }
}

@available(*, unavailable)
extension LineReader: Sendable {}
