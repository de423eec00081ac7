/// When FTS5 merges the segments an ingest writes.
///
/// FTS5 writes a segment at every commit (one per batch) and, by default, merges them as it
/// goes: whenever four segments of about one size exist, into one of the next size. Every
/// posting of a large load is so rewritten once per size it passes through, about
/// log₄(batches) times. A load into an empty or much smaller index instead turns those
/// merges off and merges all its segments into one at its end, in one pass: two writes of
/// each posting instead of about five.
///
/// Measured on 1M generated papers (`/usr/bin/time papers ingest --quiet` into a new index):
/// 223.6 s with FTS5's merges, 196.0 s deferred (162.4 s loading, 33.6 s for the final merge
/// of 200 segments); at 2.7M papers 754.0 s and 533.5 s (README, Performance). `papers
/// optimize`, which merges the segments first, then has one.
enum SegmentMerging: Equatable {
    /// FTS5's own incremental merges while the ingest writes (its defaults).
    case automatic
    /// No merges while the ingest writes; all segments merged into one at its end.
    case deferred

    /// An ingest into an index of `existingPapers` defers its merges when the index is empty
    /// or the input looks larger than it: at least `bytesPerPaper` bytes for each paper the
    /// index holds. The final merge rewrites the papers already there too, which the
    /// automatic merges of a small addition would mostly leave alone. Standard input has
    /// no known size: only an empty index defers it.
    init(existingPapers: Int, inputBytes: Int, bytesPerPaper: Int = SegmentMerging.bytesPerPaper) {
        self = existingPapers == 0 || inputBytes >= existingPapers * bytesPerPaper ? .deferred : .automatic
    }

    /// A low estimate of an input record's size. An arXiv metadata line is about 1.9 KB
    /// (the benchmark's generated ones too), a listing's title and abstract about 1.2 KB,
    /// an Atom entry more; too low an estimate only defers the merges of a smaller load.
    static let bytesPerPaper = 1_000

    /// FTS5's `automerge` and `crisismerge` settings for this mode.
    ///
    /// Deferred: no incremental merges, and a "crisis" merge (all of one level's segments at
    /// once) only at 1,000 segments, a 5M-paper load in batches of 5,000. FTS5 refuses an
    /// index of over 2,000 segments, which this keeps far off.
    var settings: [(key: String, value: Int)] {
        switch self {
        case .automatic: [("automerge", 4), ("crisismerge", 16)]
        case .deferred: [("automerge", 0), ("crisismerge", 1_000)]
        }
    }
}
