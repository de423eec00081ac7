/// What a reader yields for each record of its input.
enum ReadRecord: Sendable {
    /// A paper, and the line its record starts on.
    case paper(Paper, line: Int)
    /// A record that cannot be ingested, and why.
    case rejected(IngestProblem)
}

/// A streaming reader of one input format: it hands each record to `emit` as soon as it is
/// read, so memory holds one record at a time.
protocol RecordReader: AnyObject {
    /// Reads the whole input. An error thrown by `emit` stops reading and is rethrown.
    func read(_ emit: (ReadRecord) throws -> Void) throws
    /// Bytes of input consumed so far (compressed bytes for gzip), for progress.
    var bytesRead: Int { get }
}

/// A reader that produces one record per call, for line-based formats.
protocol PullRecordReader: RecordReader {
    func next() throws -> ReadRecord?
}

extension PullRecordReader {
    func read(_ emit: (ReadRecord) throws -> Void) throws {
        while let record = try next() { try emit(record) }
    }
}
