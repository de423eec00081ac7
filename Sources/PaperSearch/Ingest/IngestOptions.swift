/// How ``PaperIndex/ingest(files:options:onProblem:onProgress:shouldStop:)`` reads and writes.
public struct IngestOptions: Sendable {
    /// The input format, or nil to detect it from each file's content.
    public var format: InputFormat?
    /// Records per transaction.
    public var batchSize = 5_000
    /// Stop at the first bad record and leave the index exactly as it was.
    public var strict = false
    /// Key overrides for generic JSON and CSV (`--map abstract=Summary`).
    public var fieldMap = FieldMap()
    /// When FTS5 merges its segments; nil: as ``SegmentMerging`` decides from the index and
    /// the input's size.
    var segmentMerging: SegmentMerging?

    /// Default options: detect formats, 5,000 records per transaction, skip bad records.
    public init() {}
}
