/// Keeps `document_lengths` (or `field_lengths`: ``DocumentLengths/Layout``) equal to FTS5's
/// docsize rows as an ingest indexes papers.
///
/// After FTS5 indexes a range of rowids, their lengths are read back from FTS5's own docsize
/// rows, so they are the counts `bm25()` would use. A blob first touched is built whole from
/// docsize, so a stored blob never holds a stale zero for a paper already indexed. Changed
/// blobs are written by ``save()`` before each commit, in the same transaction as the papers.
final class DocumentLengthsWriter {
    private let database: Database
    private let layout: DocumentLengths.Layout
    /// Values in one blob.
    private let blobValues: Int
    private let sizes: Statement
    private let stored: Statement
    private let store: Statement
    /// Blobs read or built in this transaction, by chunk number.
    private var chunks: [Int: [UInt16]] = [:]
    private var changed: Set<Int> = []

    init(database: Database, layout: DocumentLengths.Layout = .papers) throws {
        self.database = database
        self.layout = layout
        blobValues = DocumentLengths.chunkSize * layout.width
        sizes = try database.prepare(
            "SELECT id, sz FROM papers_fts_docsize WHERE id BETWEEN ?1 AND ?2", persistent: true)
        stored = try database.prepare("SELECT lengths FROM \(layout.table) WHERE chunk = ?1", persistent: true)
        store = try database.prepare("""
            INSERT INTO \(layout.table) (chunk, lengths) VALUES (?1, ?2)
            ON CONFLICT(chunk) DO UPDATE SET lengths = excluded.lengths
            """, persistent: true)
    }

    /// Records the lengths of the papers FTS5 now holds at `rowids`.
    func indexed(_ rowids: ClosedRange<Int>) throws {
        let size = DocumentLengths.chunkSize
        for number in (rowids.lowerBound / size)...(rowids.upperBound / size) {
            let first = max(rowids.lowerBound, number * size)
            let last = min(rowids.upperBound, number * size + size - 1)
            if chunks[number] == nil {
                if let loaded = try load(number) {
                    chunks[number] = loaded
                } else {
                    // Built from docsize, which already holds these rows.
                    chunks[number] = try build(number)
                    changed.insert(number)
                    continue
                }
            }
            try read(first...last) { rowid, sizes in
                layout.store(sizes, into: &chunks[number]!, at: (rowid - number * size) * layout.width)
            }
            changed.insert(number)
        }
    }

    /// Writes the changed blobs. Call before every commit.
    func save() throws {
        for number in changed.sorted() {
            guard let lengths = chunks[number] else { continue }
            try store.run([SQLValue(number), .blob(DocumentLengths.encode(lengths))])
        }
        changed.removeAll()
        // Consecutive batches touch the last blob again; the rest need not stay in memory.
        if let last = chunks.keys.max() { chunks = chunks.filter { $0.key == last } }
    }

    /// Builds every blob up to the highest rowid that is not stored yet (an index made before
    /// schema 5, or one whose blobs were deleted). Runs inside the caller's transaction.
    ///
    /// - Returns: the number of blobs built.
    @discardableResult
    func complete() throws -> Int {
        let highest = try database.scalarInt("SELECT max(id) FROM papers_fts_docsize") ?? -1
        guard highest >= 0 else { return 0 }
        let count = highest / DocumentLengths.chunkSize + 1
        guard try database.scalarInt("SELECT count(*) FROM \(layout.table)") ?? 0 < count else { return 0 }
        var built = 0
        for number in 0..<count where try load(number) == nil {
            chunks[number] = try build(number)
            changed.insert(number)
            built += 1
            if changed.count >= 64 { try save() }
        }
        try save()
        return built
    }

    /// The stored blob, or nil when there is none. Caches it.
    private func load(_ number: Int) throws -> [UInt16]? {
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

    /// A whole blob from FTS5's docsize rows.
    private func build(_ number: Int) throws -> [UInt16] {
        let size = DocumentLengths.chunkSize
        var lengths = [UInt16](repeating: DocumentLengths.unknown, count: blobValues)
        try read((number * size)...(number * size + size - 1)) { rowid, sizes in
            layout.store(sizes, into: &lengths, at: (rowid - number * size) * layout.width)
        }
        return lengths
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
