/// The papers of each category and of each publication year as bitmaps over rowids
/// (`Schema/010_term_postings.sql`), for the filters of searches ranked from ``TermPostings``.
///
/// Checking each match's categories or date in ``FacetColumns`` reads them at random, from
/// 8 MB of category ids or 4 MB of dates at 1M papers: about 20 ns a match, 1.2 ms for a word
/// in 6% of the papers. A bitmap is 125 KB, and a lookup in it a bit test. Built by
/// ``PaperIndex/optimize()`` with the postings, and valid under the same basis
/// (``TermImpacts/areCurrent(_:)``).
enum FacetMembers {
    /// Stores a bitmap for every category id of `category_names` and every year of a stored
    /// date, from `facet_columns`, in the caller's transaction. Years are left out when a
    /// date has no month or day (YYYY-00-00 is before its year's first day, which a year
    /// filter's range starts at).
    static func build(_ database: Database) throws {
        try database.execute("DELETE FROM category_members; DELETE FROM year_members")
        var categories: [Int: [Int]] = [:]
        let ids = try database.prepare("SELECT id FROM category_names")
        while try ids.step() { categories[ids.int(at: 0)] = [] }
        var years: [Int: [Int]] = [:]
        var yearsExact = true
        let chunks = try database.prepare("SELECT chunk, dates, counts, categories FROM facet_columns ORDER BY chunk")
        while try chunks.step() {
            let first = chunks.int(at: 0) * FacetColumns.chunkSize
            chunks.withBlob(at: 1) { dates in
                for offset in 0..<(dates.count / 4) {
                    let date = UInt32(littleEndian: dates.loadUnaligned(fromByteOffset: 4 * offset, as: UInt32.self))
                    guard date != 0 else { continue }
                    if date % 10_000 < 101 { yearsExact = false }
                    years[Int(date / 10_000), default: []].append(first + offset)
                }
            }
            let counts = chunks.blob(at: 2)
            chunks.withBlob(at: 3) { ids in
                var at = 0
                for (offset, count) in counts.enumerated() {
                    for _ in 0..<Int(count) where 4 * at + 4 <= ids.count {
                        let id = Int(UInt32(littleEndian: ids.loadUnaligned(fromByteOffset: 4 * at, as: UInt32.self)))
                        categories[id, default: []].append(first + offset)
                        at += 1
                    }
                }
            }
        }
        let insertCategory = try database.prepare("INSERT INTO category_members (category, members) VALUES (?1, ?2)")
        for (id, rowids) in categories {
            insertCategory.reset()
            try insertCategory.bind([SQLValue(id), .blob(TermMembers(rowids: rowids).bytes)])
            _ = try insertCategory.step()
        }
        guard yearsExact else { return }
        let insertYear = try database.prepare("INSERT INTO year_members (year, members) VALUES (?1, ?2)")
        for (year, rowids) in years {
            insertYear.reset()
            try insertYear.bind([SQLValue(year), .blob(TermMembers(rowids: rowids).bytes)])
            _ = try insertYear.step()
        }
    }

    /// The stored papers of category `id`, or nil when there is none.
    static func category(_ database: Database, id: Int) throws -> TermMembers? {
        let row = try database.cached("SELECT members FROM category_members WHERE category = ?1")
        defer { row.reset() }
        try row.bind([SQLValue(id)])
        guard try row.step() else { return nil }
        return row.withBlob(at: 0) { TermMembers(bytes: $0) }
    }

    /// The papers published from day `from` up to, not including, day `until` (YYYYMMDD
    /// numbers, 0: no bound), when both are a year's first day and years are stored; else nil.
    static func published(_ database: Database, from: UInt32, until: UInt32) throws -> TermMembers? {
        guard from % 10_000 == 101 || from == 0, until % 10_000 == 101 || until == 0 else { return nil }
        let stored = try database.cached("SELECT EXISTS (SELECT 1 FROM year_members)")
        defer { stored.reset() }
        guard try stored.step(), stored.int(at: 0) == 1 else { return nil }
        let rows = try database.cached("SELECT members FROM year_members WHERE year >= ?1 AND year < ?2")
        defer { rows.reset() }
        try rows.bind([SQLValue(Int(from / 10_000)), SQLValue(until == 0 ? Int.max : Int(until / 10_000))])
        var members = TermMembers(rowids: [])
        while try rows.step() { members.formUnion(rows.withBlob(at: 0) { TermMembers(bytes: $0) }) }
        return members
    }
}
