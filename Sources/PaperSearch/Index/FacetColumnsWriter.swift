/// Keeps `facet_columns` equal to the papers' dates and categories as an ingest writes them.
///
/// A chunk first touched is read whole from the tables (the narrow date index and the
/// category index), so a stored chunk never misses a paper written before. A chunk that
/// cannot hold its papers exactly (a date not in `YYYY-MM-DD` form, more than 255 categories)
/// is deleted instead, and searches then use SQL for the whole index. Changed chunks are
/// written by ``save()`` before each commit, in the same transaction as the papers.
final class FacetColumnsWriter {
    private struct Chunk {
        var dates = [UInt32](repeating: 0, count: FacetColumns.chunkSize)
        var categories = [[UInt32]](repeating: [], count: FacetColumns.chunkSize)
        /// False once a paper cannot be stored exactly.
        var exact = true
    }

    private let database: Database
    private let stored: Statement
    private let store: Statement
    private let drop: Statement
    private let dates: Statement
    private let categoryRows: Statement
    private let addName: Statement
    /// Category ids by name folded as NOCASE folds it (ASCII letters only).
    private var ids: [String: UInt32] = [:]
    private var chunks: [Int: Chunk] = [:]
    private var changed: Set<Int> = []

    init(database: Database) throws {
        self.database = database
        stored = try database.prepare(
            "SELECT dates, counts, categories FROM facet_columns WHERE chunk = ?1", persistent: true)
        store = try database.prepare("""
            INSERT INTO facet_columns (chunk, dates, counts, categories) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT(chunk) DO UPDATE SET dates = excluded.dates, counts = excluded.counts,
                                             categories = excluded.categories
            """, persistent: true)
        drop = try database.prepare("DELETE FROM facet_columns WHERE chunk = ?1", persistent: true)
        dates = try database.prepare(
            "SELECT rowid, published FROM papers INDEXED BY papers_published_by_rowid WHERE rowid BETWEEN ?1 AND ?2",
            persistent: true)
        categoryRows = try database.prepare(
            "SELECT paper, category FROM paper_categories WHERE paper BETWEEN ?1 AND ?2", persistent: true)
        addName = try database.prepare("INSERT INTO category_names (name) VALUES (?1)", persistent: true)
        let names = try database.prepare("SELECT id, name FROM category_names")
        while try names.step() { ids[FacetColumns.folded(names.text(at: 1))] = UInt32(names.int(at: 0)) }
    }

    /// Records what the paper at `rowid` now has.
    func wrote(rowid: Int, published: String?, categories: [String]) throws {
        let number = rowid / FacetColumns.chunkSize
        if chunks[number] == nil { chunks[number] = try load(number) ?? build(number) }
        let offset = rowid % FacetColumns.chunkSize
        var seen: Set<UInt32> = []
        let ids = try categories.compactMap { name in
            let id = try id(of: name)
            return seen.insert(id).inserted ? id : nil
        }
        // Changed in place: a copy of the chunk would copy its 4,096 entries per paper.
        if let published {
            if let day = FacetColumns.dayNumber(published) { chunks[number]!.dates[offset] = day } else { chunks[number]!.exact = false }
        } else {
            chunks[number]!.dates[offset] = 0
        }
        chunks[number]!.categories[offset] = ids
        if ids.count > Int(UInt8.max) { chunks[number]!.exact = false }
        changed.insert(number)
    }

    /// Writes the changed chunks. Call before every commit.
    func save() throws {
        for number in changed.sorted() {
            guard let chunk = chunks[number] else { continue }
            if chunk.exact {
                var counts: [UInt8] = []
                var ids: [UInt8] = []
                counts.reserveCapacity(chunk.categories.count)
                for list in chunk.categories {
                    counts.append(UInt8(list.count))
                    for id in list { Self.append(id, to: &ids) }
                }
                var days: [UInt8] = []
                days.reserveCapacity(4 * chunk.dates.count)
                for day in chunk.dates { Self.append(day, to: &days) }
                try store.run([SQLValue(number), .blob(days), .blob(counts), .blob(ids)])
            } else {
                try drop.run([SQLValue(number)])
            }
        }
        changed.removeAll()
        if let last = chunks.keys.max() { chunks = chunks.filter { $0.key == last } }
    }

    /// Builds every chunk up to the highest rowid that is not stored yet (an index made before
    /// schema 6). Runs inside the caller's transaction.
    func complete() throws {
        let highest = try database.scalarInt("SELECT max(rowid) FROM papers") ?? -1
        guard highest >= 0 else { return }
        let last = highest / FacetColumns.chunkSize
        let count = try database.scalarInt("SELECT count(*) FROM facet_columns WHERE chunk <= \(last)") ?? 0
        guard count < last + 1 else { return }
        for number in 0...last where chunks[number] == nil {
            guard try load(number) == nil else { continue }
            chunks[number] = try build(number)
            changed.insert(number)
            if changed.count >= 64 { try save() }
        }
        try save()
    }

    private func id(of name: String) throws -> UInt32 {
        let key = FacetColumns.folded(name)
        if let id = ids[key] { return id }
        try addName.run([.text(name)])
        let id = UInt32(database.lastInsertRowid)
        ids[key] = id
        return id
    }

    /// The stored chunk, or nil when there is none.
    private func load(_ number: Int) throws -> Chunk? {
        stored.reset()
        defer { stored.reset() }
        try stored.bind([SQLValue(number)])
        guard try stored.step() else { return nil }
        let days = stored.blob(at: 0), counts = stored.blob(at: 1), ids = stored.blob(at: 2)
        var chunk = Chunk()
        var next = 0
        for offset in 0..<min(counts.count, FacetColumns.chunkSize) {
            chunk.dates[offset] = FacetColumns.uint32(days, at: offset)
            chunk.categories[offset] = (next..<(next + Int(counts[offset]))).map { FacetColumns.uint32(ids, at: $0) }
            next += Int(counts[offset])
        }
        return chunk
    }

    /// A chunk read from the papers' rows.
    private func build(_ number: Int) throws -> Chunk {
        var chunk = Chunk()
        let first = number * FacetColumns.chunkSize, last = first + FacetColumns.chunkSize - 1
        dates.reset()
        try dates.bind([SQLValue(first), SQLValue(last)])
        while try dates.step() {
            guard !dates.isNull(at: 1) else { continue }
            if let day = FacetColumns.dayNumber(dates.text(at: 1)) {
                chunk.dates[dates.int(at: 0) - first] = day
            } else {
                chunk.exact = false
            }
        }
        dates.reset()
        categoryRows.reset()
        try categoryRows.bind([SQLValue(first), SQLValue(last)])
        while try categoryRows.step() {
            let offset = categoryRows.int(at: 0) - first
            let id = try id(of: categoryRows.text(at: 1))
            if !chunk.categories[offset].contains(id) { chunk.categories[offset].append(id) }
        }
        categoryRows.reset()
        if chunk.categories.contains(where: { $0.count > Int(UInt8.max) }) { chunk.exact = false }
        return chunk
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }
}

@available(*, unavailable)
extension FacetColumnsWriter: Sendable {}
