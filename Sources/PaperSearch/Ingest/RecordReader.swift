/// What a reader yields for each record of its input.
enum ReadRecord {
    /// A paper, and the line its record starts on.
    case paper(Paper, line: Int)
    /// A record that cannot be ingested, and why.
    case rejected(IngestProblem)
}

/// A streaming reader of one input format.
protocol RecordReader: AnyObject {
    /// The next record, or nil at the end of the input.
    func next() throws -> ReadRecord?
    /// Bytes of input consumed so far.
    var bytesRead: Int { get }
}
