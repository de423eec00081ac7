/// Keeps `document_lengths` and `field_lengths` (``DocumentLengths/Layout``) equal to FTS5's
/// docsize rows as an ingest indexes papers.
///
/// After FTS5 indexes a range of rowids, their lengths are read back from FTS5's own docsize
/// rows, once for both tables, so they are the counts `bm25()` would use. A blob first touched
/// is built whole from docsize, so a stored blob never holds a stale zero for a paper already
/// indexed. Changed blobs are written by ``save()`` before each commit, in the same
/// transaction as the papers.
final class DocumentLengthsWriter {
    /// One table's blobs.
    private final class Table {
        let layout: DocumentLengths.Layout
        /// Values in one blob.
        let blobValues: Int
        let stored: Statement
        let store: Statement
        /// Blobs read or built in this transaction, by chunk number.
        var chunks: [Int: [UInt16]] = [:]
        var changed: Set<Int> = []

        init(_ layout: DocumentLengths.Layout, database: Database) throws {
            self.layout = layout
            blobValues = DocumentLengths.chunkSize * layout.width
            stored = try database.prepare("SELECT lengths FROM \(layout.table) WHERE chunk = ?1", persistent: true)
            store = try database.prepare("""
                INSERT INTO \(layout.table) (chunk, lengths) VALUES (?1, ?2)
                ON CONFLICT(chunk) DO UPDATE SET lengths = excluded.lengths
                """, persistent: true)
        }

        /// The stored blob, or nil when there is none.
        func load(_ number: Int) throws -> [UInt16]? {
            stored.reset()
            defer { stored.reset() }
            try stored.bind([SQLValue(number)])
            guard try stored.step() else { return nil }
            var lengths = DocumentLengths.decode(stored.blob(at: 0))
            if lengths.count < blobValues {
                lengths += repeatElement(DocumentLengths.unknown, count: blobValues - lengths.count)
            }
            return lengths
        }

        /// Writes the changed blobs.
        func save() throws {
            for number in changed.sorted() {
                guard let lengths = chunks[number] else { continue }
                try store.run([SQLValue(number), .blob(DocumentLengths.encode(lengths))])
            }
            changed.removeAll()
            // Consecutive batches touch the last blob again; the rest need not stay in memory.
            if let last = chunks.keys.max() { chunks = chunks.filter { $0.key == last } }
        }

        /// Stores a docsize row's column `sizes` for `rowid` in chunk `number`.
        func store(_ sizes: [Int], rowid: Int, in number: Int) {
            layout.store(sizes, into: &chunks[number]!, at: (rowid - number * DocumentLengths.chunkSize) * layout.width)
        }
    }

    private let database: Database
    private let sizes: Statement
    private let tables: [Table]

    init(database: Database, layouts: [DocumentLengths.Layout] = [.papers, .fields]) throws {
        self.database = database
        sizes = try database.prepare(
            "SELECT id, sz FROM papers_fts_docsize WHERE id BETWEEN ?1 AND ?2", persistent: true)
        tables = try layouts.map { try Table($0, database: database) }
    }

    /// Records the lengths of the papers FTS5 now holds at `rowids`.
    func indexed(_ rowids: ClosedRange<Int>) throws {
        let size = DocumentLengths.chunkSize
        for number in (rowids.lowerBound / size)...(rowids.upperBound / size) {
            let first = max(rowids.lowerBound, number * size)
            let last = min(rowids.upperBound, number * size + size - 1)
            var missing: [Table] = []
            for table in tables where table.chunks[number] == nil {
                if let loaded = try table.load(number) { table.chunks[number] = loaded } else { missing.append(table) }
            }
            // Built from docsize, which already holds these rows.
            try build(number, in: missing)
            let stale = tables.filter { table in !missing.contains { $0 === table } }
            guard !stale.isEmpty else { continue }
            try read(first...last) { rowid, sizes in
                for table in stale { table.store(sizes, rowid: rowid, in: number) }
            }
            for table in stale { table.changed.insert(number) }
        }
    }

    /// Writes the changed blobs. Call before every commit.
    func save() throws {
        for table in tables { try table.save() }
    }

    /// Builds every blob up to the highest rowid that is not stored yet (an index made before
    /// schema 5 or 12, or one whose blobs were deleted). Runs inside the caller's transaction.
    ///
    /// - Returns: the number of blobs built.
    @discardableResult
    func complete() throws -> Int {
        let highest = try database.scalarInt("SELECT max(id) FROM papers_fts_docsize") ?? -1
        guard highest >= 0 else { return 0 }
        let count = highest / DocumentLengths.chunkSize + 1
        var lacking: [Table] = []
        for table in tables where try database.scalarInt("SELECT count(*) FROM \(table.layout.table)") ?? 0 < count {
            lacking.append(table)
        }
        guard !lacking.isEmpty else { return 0 }
        var built = 0
        for number in 0..<count {
            let missing = try lacking.filter { try $0.load(number) == nil }
            try build(number, in: missing)
            built += missing.count
            if lacking.contains(where: { $0.changed.count >= 64 }) { try save() }
        }
        try save()
        return built
    }

    /// Whole blobs of chunk `number` for `tables` from FTS5's docsize rows, read once.
    private func build(_ number: Int, in tables: [Table]) throws {
        guard !tables.isEmpty else { return }
        let size = DocumentLengths.chunkSize
        for table in tables { table.chunks[number] = [UInt16](repeating: DocumentLengths.unknown, count: table.blobValues) }
        try read((number * size)...(number * size + size - 1)) { rowid, sizes in
            for table in tables { table.store(sizes, rowid: rowid, in: number) }
        }
        for table in tables { table.changed.insert(number) }
    }

    /// Each docsize row in `rowids`: its rowid and column sizes.
    private func read(_ rowids: ClosedRange<Int>, _ body: (Int, [Int]) -> Void) throws {
        sizes.reset()
        defer { sizes.reset() }
        try sizes.bind([SQLValue(rowids.lowerBound), SQLValue(rowids.upperBound)])
        while try sizes.step() {
            body(sizes.int(at: 0), FTS5Record.integers(sizes.blob(at: 1)))
        }
    }
}

@available(*, unavailable)
extension DocumentLengthsWriter: Sendable {}
