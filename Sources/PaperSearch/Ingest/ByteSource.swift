#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A stream of input bytes: a file, standard input, or either one gzip-decompressed.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 at the end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes taken from the underlying file so far (compressed bytes for gzip), for progress.
    var bytesConsumed: Int { get }
}

/// Opens inputs by path, looking at their first bytes to see whether they are gzip.
enum InputFile {
    /// Opens `path` (`-` for standard input), decompressing it when it starts with the gzip
    /// magic number, whatever its name.
    ///
    /// - Throws: ``IngestError/cannotOpen(path:reason:)``.
    static func open(_ path: String) throws -> ByteSource {
        let file = try FileSource(path: path)
        let head = try file.peek(2)
        if head.count == 2, head[0] == 0x1F, head[1] == 0x8B {
            return try GzipSource(file: file, path: path)
        }
        return file
    }
}

/// A file descriptor read with `read(2)`, with a few bytes of look-ahead for sniffing.
final class FileSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let path: String
    private var lookahead: [UInt8] = []
    private(set) var bytesConsumed = 0

    init(path: String) throws {
        self.path = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let fd = Glibc.open(path, O_RDONLY)
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

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The first `count` bytes (fewer at the end of input), kept for the next reads.
    func peek(_ count: Int) throws -> [UInt8] {
        while lookahead.count < count {
            var chunk = [UInt8](repeating: 0, count: count - lookahead.count)
            let n = try chunk.withUnsafeMutableBytes { try rawRead($0) }
            if n == 0 { break }
            lookahead += chunk[..<n]
        }
        return Array(lookahead.prefix(count))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !lookahead.isEmpty {
            let n = min(buffer.count, lookahead.count)
            buffer.copyBytes(from: lookahead[..<n])
            lookahead.removeFirst(n)
            return n
        }
        return try rawRead(buffer)
    }

    private func rawRead(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 {
                bytesConsumed += n
                return n
            }
            if errno == EINTR { continue }
            throw IngestError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Gzip decompression with zlib's streaming `inflate`; handles concatenated gzip members.
final class GzipSource: ByteSource {
    private static let inputSize = 1 << 16

    private let file: FileSource
    private let path: String
    private var stream = z_stream()
    /// zlib keeps pointers into this buffer between calls, so it is allocated, not an Array.
    private let input = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipSource.inputSize)
    private var inputEnd = false
    private var finished = false

    init(file: FileSource, path: String) throws {
        self.file = file
        self.path = path
        // 15 + 32: the largest window, with automatic gzip/zlib header detection.
        let code = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            input.deallocate()
            throw IngestError.cannotOpen(path: path, reason: "zlib failed to start (\(code))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    var bytesConsumed: Int { file.bytesConsumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let output = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            if stream.avail_in == 0, !inputEnd {
                let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: Self.inputSize))
                if n == 0 { inputEnd = true }
                stream.next_in = input
                stream.avail_in = UInt32(n)
            }
            stream.next_out = output.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(buffer.count)
            let code = inflate(&stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.avail_out)
            switch code {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes).
                if stream.avail_in == 0, !inputEnd {
                    let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: Self.inputSize))
                    if n == 0 { inputEnd = true }
                    stream.next_in = input
                    stream.avail_in = UInt32(n)
                }
                if stream.avail_in > 0 { inflateReset(&stream) } else { finished = true }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "code \(code)"
                throw IngestError.cannotOpen(path: path, reason: "corrupt gzip data (\(message))")
            }
            if produced > 0 || finished { return produced }
            if inputEnd, stream.avail_in == 0 {
                throw IngestError.cannotOpen(path: path, reason: "gzip data ends early (truncated file)")
            }
        }
    }
}
