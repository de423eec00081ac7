import Foundation

/// Writes papers into the index: insert new ones, update changed ones, leave the rest alone.
///
/// The write is an `INSERT ... ON CONFLICT(id) DO UPDATE`, never `INSERT OR REPLACE`: a
/// replace deletes the row without firing the delete trigger (recursive triggers are off) and
/// orphans FTS entries. The writer maintains the FTS index itself, in the same transaction as
/// the rows: before an update it removes the old text with FTS5's 'delete' command and indexes
/// the new text; new rows are indexed together by ``flush()`` at the end of each batch, with
/// one `INSERT ... SELECT` over their rowid range.
///
/// Why not a trigger or `RETURNING`: any statement that needs a statement journal (a trigger
/// program, `RETURNING`) makes SQLite open a savepoint on every virtual table in the
/// transaction, and FTS5 writes its pending terms to disk at each savepoint. Per row, that
/// halves ingest speed (measured: 3,093 docs/s with a trigger, 2,772 with `RETURNING`,
/// 5,574 with a batch `INSERT ... SELECT`, on 20k generated abstracts).
final class IndexWriter {
    /// What writing one record did.
    enum Outcome {
        case added, updated, unchanged
    }

    private let database: Database
    private let lookup: Statement
    private let upsert: Statement
    private let unindex: Statement
    private let index: Statement
    private let clearCategories: Statement
    private let addCategory: Statement
    private let indexRange: Statement
    private let lengths: DocumentLengthsWriter
    private let facets: FacetColumnsWriter
    /// Rows inserted in this batch and not yet in the FTS index: `first...last`.
    private var pending: ClosedRange<Int>?
    /// The tokens of the pending rows' final text, by rowid, for ``replay``.
    private var pendingTokens: [Int: [TokenizedText]] = [:]
    /// Hands FTS5 the tokens the reading thread made (``PaperColumns/tokens``).
    private let replay: FTS5TokenReplay?

    init(database: Database, replay: FTS5TokenReplay? = nil) throws {
        self.database = database
        self.replay = replay
        lengths = try DocumentLengthsWriter(database: database)
        facets = try FacetColumnsWriter(database: database)
        lookup = try database.prepare(
            "SELECT rowid, content_hash, version FROM papers WHERE id = ?1", persistent: true)
        upsert = try database.prepare("""
            INSERT INTO papers (id, title, abstract, authors, categories, published, updated, doi,
                                journal_ref, comments, version, versions, source, content_hash,
                                title_original, abstract_original)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            ON CONFLICT(id) DO UPDATE SET
                title = excluded.title, abstract = excluded.abstract, authors = excluded.authors,
                title_original = excluded.title_original, abstract_original = excluded.abstract_original,
                categories = excluded.categories, published = excluded.published,
                updated = excluded.updated, doi = excluded.doi, journal_ref = excluded.journal_ref,
                comments = excluded.comments, version = excluded.version,
                versions = excluded.versions, source = excluded.source,
                content_hash = excluded.content_hash
            """, persistent: true)
        unindex = try database.prepare("""
            INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
            SELECT 'delete', rowid, title, abstract, authors FROM papers WHERE rowid = ?1
            """, persistent: true)
        indexRange = try database.prepare("""
            INSERT INTO papers_fts (rowid, title, abstract, authors)
            SELECT rowid, title, abstract, authors FROM papers WHERE rowid BETWEEN ?1 AND ?2
            """, persistent: true)
        index = try database.prepare(
            "INSERT INTO papers_fts (rowid, title, abstract, authors) VALUES (?1, ?2, ?3, ?4)", persistent: true)
        clearCategories = try database.prepare(
            "DELETE FROM paper_categories WHERE paper = ?1", persistent: true)
        addCategory = try database.prepare(
            "INSERT OR IGNORE INTO paper_categories (category, paper, position) VALUES (?1, ?2, ?3)",
            persistent: true)
    }

    /// Stores the paper unless the index already holds the same content or a newer version.
    func write(_ columns: PaperColumns) throws -> Outcome {
        let paper = columns.paper
        let hash = columns.contentHash
        lookup.reset()
        try lookup.bind(.text(paper.id), at: 1)
        let existing: (rowid: Int, hash: Int, version: Int)? = try lookup.step()
            ? (lookup.int(at: 0), lookup.int(at: 1), lookup.int(at: 2)) : nil
        lookup.reset()
        if let existing {
            // The newest arXiv version wins whatever order the files come in.
            if existing.hash == hash || existing.version > columns.latestVersion { return .unchanged }
        }

        // A row added earlier in this batch is not indexed yet: flush() will index its final text.
        let indexed = existing.map { !(pending?.contains($0.rowid) ?? false) } ?? false
        if let existing, indexed { try unindex.run([SQLValue(existing.rowid)]) }

        // The index gets LaTeX as plain text; the original is kept only where it differs.
        let (title, abstract, authors) = (columns.title, columns.abstract, columns.authors)
        upsert.reset()
        try upsert.bind([
            .text(paper.id), .text(title), .text(abstract), .text(authors), .text(columns.categories),
            SQLValue(paper.published), SQLValue(paper.updated), SQLValue(paper.doi),
            SQLValue(paper.journalRef), SQLValue(paper.comments), SQLValue(columns.latestVersion),
            SQLValue(columns.versions), .text(paper.source), .integer(hash),
            SQLValue(columns.titleOriginal), SQLValue(columns.abstractOriginal),
        ])
        try upsert.step()
        upsert.reset()
        let rowid: Int
        if let existing {
            rowid = existing.rowid
            if indexed {
                if let replay, let tokens = columns.tokens { replay.expect(tokens) }
                defer { replay?.clear() }
                try index.run([SQLValue(rowid), .text(title), .text(abstract), .text(authors)])
                try lengths.indexed(rowid...rowid)
            }
        } else {
            rowid = database.lastInsertRowid
            pending = pending.map { $0.lowerBound...rowid } ?? rowid...rowid
        }
        if !indexed, replay != nil { pendingTokens[rowid] = columns.tokens }

        if existing != nil { try clearCategories.run([SQLValue(rowid)]) }
        for (position, category) in paper.categories.enumerated() {
            try addCategory.run([.text(category), SQLValue(rowid), SQLValue(position)])
        }
        try facets.wrote(rowid: rowid, published: paper.published, categories: paper.categories)
        return existing == nil ? .added : .updated
    }

    /// Indexes the rows added since the last flush, and stores the lengths, dates and
    /// categories of every paper written since. Call before every commit.
    func flush() throws {
        if let range = pending {
            if let replay {
                // FTS5 reads the rows in rowid order, each row's columns in order.
                replay.expect(range.flatMap { pendingTokens[$0] ?? [] })
            }
            defer {
                replay?.clear()
                pendingTokens = [:]
            }
            try indexRange.run([SQLValue(range.lowerBound), SQLValue(range.upperBound)])
            try lengths.indexed(range)
            pending = nil
        }
        try lengths.save()
        try facets.save()
    }

    /// Stores the lengths, dates and categories of papers written before schemas 5, 6 and 12
    /// (``DocumentLengthsWriter/complete()``, ``FacetColumnsWriter/complete()``).
    func completeColumns() throws {
        try lengths.complete()
        try facets.complete()
    }
}

@available(*, unavailable)
extension IndexWriter: Sendable {}
