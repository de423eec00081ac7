import Foundation

/// An `InputStream` over a ``ByteSource``, so Foundation's `XMLParser` can parse files,
/// standard input and gzip data incrementally.
final class ByteSourceStream: InputStream {
    private let source: ByteSource
    private var ended = false
    /// The first read error, reported after parsing stops.
    private(set) var failure: Error?

    init(source: ByteSource) {
        self.source = source
        super.init(data: Data())
    }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { !ended }
    override var streamStatus: Stream.Status { ended ? .atEnd : .open }
    override var streamError: Error? { failure }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        do {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: length))
            if count == 0 { ended = true }
            return count
        } catch {
            failure = error
            ended = true
            return -1
        }
    }
}
