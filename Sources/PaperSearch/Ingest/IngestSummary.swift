/// What an ingest did, counted by record.
public struct IngestSummary: Sendable, Equatable, Codable {
    /// Papers new to the index.
    public var added = 0
    /// Papers already present whose content changed.
    public var updated = 0
    /// Papers already present with the same content (or a newer version), not rewritten.
    public var unchanged = 0
    /// Records that could not be read and were skipped.
    public var rejected = 0
    /// Wall-clock seconds the ingest took.
    public var seconds = 0.0
    /// True when the ingest was stopped early (Ctrl-C) at a batch boundary.
    public var interrupted = false

    /// Creates an empty summary.
    public init() {}

    /// Records read in total.
    public var records: Int { added + updated + unchanged + rejected }

    /// One line for people: `added 3, updated 0, unchanged 200, rejected 1 in 0.4 s`.
    public var line: String {
        let rounded = (seconds * 100).rounded() / 100
        let counts = "added \(added), updated \(updated), unchanged \(unchanged), rejected \(rejected) in \(rounded) s"
        return interrupted ? "interrupted: " + counts : counts
    }
}

/// How far an ingest has got, reported as it goes.
public struct IngestProgress: Sendable {
    /// The file being read.
    public var path: String
    /// Records read so far, over all files.
    public var records: Int
    /// Bytes read so far, over all files.
    public var bytesRead: Int
    /// Total bytes of all regular input files (0 when unknown, e.g. standard input).
    public var totalBytes: Int
    /// What the ingest is doing: reading, or one of the steps after the last record.
    public var stage: IngestStage = .reading
}

/// The steps of an ingest, in order. Those after ``reading`` can take minutes on a large
/// load, with nothing more read.
public enum IngestStage: String, Sendable {
    /// Reading and writing records.
    case reading
    /// Merging FTS5's segments into one after a load that deferred its merges.
    case merging
    /// Counting the papers of the common words (``PaperIndex/optimize()`` does it too).
    case counting
    /// Ranking the lists of frequent words after a load that changed much of the index.
    case ranking
}
