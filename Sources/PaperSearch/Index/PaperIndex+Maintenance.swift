import CSQLite
import Foundation

/// What `papers stats` reports.
public struct IndexStatistics: Sendable, Equatable, Encodable {
    /// Papers in the index.
    public var papers: Int
    /// The earliest publication date.
    public var first: String?
    /// The latest publication date.
    public var last: String?
    /// The most common categories with their paper counts, most common first.
    public var categories: [FacetCount]
    /// Bytes on disk: the database file plus its WAL.
    public var bytes: Int
    /// The most recent ingest, if any.
    public var lastIngest: IngestRecord?

    /// One finished `papers ingest` run.
    public struct IngestRecord: Sendable, Equatable, Encodable {
        /// When it finished, ISO 8601 UTC.
        public var finished: String
        /// The paths it was given.
        public var files: [String]
        /// Its counts, as in ``IngestSummary``.
        public var added: Int
        /// Papers updated.
        public var updated: Int
        /// Papers unchanged.
        public var unchanged: Int
        /// Records rejected.
        public var rejected: Int
    }

    enum CodingKeys: String, CodingKey {
        case papers, first, last, categories, bytes
        case lastIngest = "last_ingest"
    }

    /// `categories` as an object of counts; nullable fields as `null`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(papers, forKey: .papers)
        try container.encode(first, forKey: .first)
        try container.encode(last, forKey: .last)
        try container.encode(Dictionary(uniqueKeysWithValues: categories.map { ($0.value, $0.count) }), forKey: .categories)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(lastIngest, forKey: .lastIngest)
    }
}

/// What `papers check` found.
public struct IntegrityReport: Sendable, Equatable {
    /// `PRAGMA integrity_check` lines: `["ok"]` when sound.
    public var sqlite: [String]
    /// nil when FTS5's `integrity-check` passed, else its message.
    public var fts: String?

    /// True when both checks passed.
    public var isSound: Bool { sqlite == ["ok"] && fts == nil }
}


extension PaperIndex {
    /// Counts and dates for `papers stats`.
    public func statistics(topCategories: Int = 10) throws -> IndexStatistics {
        let range = try database.prepare("SELECT count(*), min(published), max(published) FROM papers")
        _ = try range.step()
        let categories = try database.prepare("""
            SELECT category, count(*) AS n FROM paper_categories GROUP BY category ORDER BY n DESC, category LIMIT ?1
            """)
        try categories.bind([SQLValue(topCategories)])
        var top: [FacetCount] = []
        while try categories.step() { top.append(FacetCount(value: categories.text(at: 0), count: categories.int(at: 1))) }

        let last = try database.prepare(
            "SELECT finished, files, added, updated, unchanged, rejected FROM ingests ORDER BY rowid DESC LIMIT 1")
        let lastIngest = try last.step() ? IndexStatistics.IngestRecord(
            finished: last.text(at: 0), files: last.text(at: 1).components(separatedBy: "\n"),
            added: last.int(at: 2), updated: last.int(at: 3), unchanged: last.int(at: 4), rejected: last.int(at: 5)) : nil

        let size = [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        return IndexStatistics(papers: range.int(at: 0), first: range.optionalText(at: 1), last: range.optionalText(at: 2),
                               categories: top, bytes: size, lastIngest: lastIngest)
    }

    /// Runs SQLite's `integrity_check` and FTS5's `integrity-check`.
    public func checkIntegrity() throws -> IntegrityReport {
        var lines: [String] = []
        let check = try database.prepare("PRAGMA integrity_check")
        while try check.step() { lines.append(check.text(at: 0)) }
        var fts: String?
        do {
            // rank = 1 also compares the index with the content table, row by row.
            try database.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
        } catch let error as SQLiteError {
            fts = error.message
        }
        return IntegrityReport(sqlite: lines, fts: fts)
    }
}

extension PaperIndex {
    /// Bytes of indexed text (titles, abstracts, authors), to compare the index size with.
    public func rawTextBytes() throws -> Int {
        try database.scalarInt("""
            SELECT coalesce(sum(length(CAST(title AS BLOB)) + length(CAST(abstract AS BLOB))
                                + length(CAST(authors AS BLOB))), 0) FROM papers
            """) ?? 0
    }
}
