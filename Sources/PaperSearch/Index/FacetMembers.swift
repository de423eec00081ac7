/// The papers of each category and of each publication year as bitmaps over rowids
/// (`Schema/010_term_postings.sql`), for the filters of searches ranked from ``TermPostings``.
///
/// Checking each match's categories or date in ``FacetColumns`` reads them at random, from
/// 8 MB of category ids or 4 MB of dates at 1M papers: about 20 ns a match, 1.2 ms for a word
/// in 6% of the papers. A bitmap is 125 KB, and a lookup in it a bit test. Built by
/// ``PaperIndex/optimize()`` with the postings, and valid under the same basis
/// (``TermImpacts/areCurrent(_:)``).
///
/// One instance belongs to one connection and keeps the bitmaps it read, as ``FacetColumns``
/// keeps its chunks: reading four years' bitmaps from SQLite took longer than the filter they
/// serve. What it keeps is dropped when another connection commits (`PRAGMA data_version`)
/// and when its own connection ingests or rebuilds them (``reset()``).
final class FacetMembers {
    private let database: Database
    private var version: Int?
    /// Bitmaps by category id read so far (nil: none stored).
    private var categories: [Int: TermMembers?] = [:]
    /// Every stored year's bitmap, once read.
    private var years: [Int: TermMembers]?

    init(database: Database) {
        self.database = database
    }

    /// Drops everything read so far (the connection itself changed the index).
    func reset() {
        categories.removeAll()
        years = nil
        version = nil
    }

    /// Drops what was read before another connection's commit.
    private func checkVersion() {
        let current = database.dataVersion()
        if current == nil || current != version {
            reset()
            version = current
        }
    }

    /// Stores a bitmap for every category id of `category_names` and every year of a stored
    /// date, from `facet_columns`, in the caller's transaction. Years are left out when a
    /// date has no month or day (YYYY-00-00 is before its year's first day, which a year
    /// filter's range starts at).
    static func build(_ database: Database) throws {
        try database.execute("DELETE FROM category_members; DELETE FROM year_members")
        // Bitmaps as they are read, not lists of rowids: a bit per paper of the index for each
        // bitmap, where a list takes 64 bits per paper it holds and each paper is in a year
        // and one or more categories.
        var categories: [Int: TermMembers] = [:]
        let ids = try database.prepare("SELECT id FROM category_names")
        while try ids.step() { categories[ids.int(at: 0)] = TermMembers(rowids: []) }
        var years: [Int: TermMembers] = [:]
        var yearsExact = true
        let chunks = try database.prepare("SELECT chunk, dates, counts, categories FROM facet_columns ORDER BY chunk")
        while try chunks.step() {
            let first = chunks.int(at: 0) * FacetColumns.chunkSize
            chunks.withBlob(at: 1) { dates in
                for offset in 0..<(dates.count / 4) {
                    let date = UInt32(littleEndian: dates.loadUnaligned(fromByteOffset: 4 * offset, as: UInt32.self))
                    guard date != 0 else { continue }
                    if date % 10_000 < 101 { yearsExact = false }
                    years[Int(date / 10_000), default: TermMembers(rowids: [])].insert(first + offset)
                }
            }
            let counts = chunks.blob(at: 2)
            chunks.withBlob(at: 3) { ids in
                var at = 0
                for (offset, count) in counts.enumerated() {
                    for _ in 0..<Int(count) where 4 * at + 4 <= ids.count {
                        let id = Int(UInt32(littleEndian: ids.loadUnaligned(fromByteOffset: 4 * at, as: UInt32.self)))
                        categories[id, default: TermMembers(rowids: [])].insert(first + offset)
                        at += 1
                    }
                }
            }
        }
        let insertCategory = try database.prepare("INSERT INTO category_members (category, members) VALUES (?1, ?2)")
        for (id, members) in categories {
            insertCategory.reset()
            try insertCategory.bind([SQLValue(id), .blob(members.bytes)])
            _ = try insertCategory.step()
        }
        guard yearsExact else { return }
        let insertYear = try database.prepare("INSERT INTO year_members (year, members) VALUES (?1, ?2)")
        for (year, members) in years {
            insertYear.reset()
            try insertYear.bind([SQLValue(year), .blob(members.bytes)])
            _ = try insertYear.step()
        }
    }

    /// The stored papers of category `id`, or nil when there is none.
    func category(id: Int) throws -> TermMembers? {
        checkVersion()
        if let known = categories[id] { return known }
        let row = try database.cached("SELECT members FROM category_members WHERE category = ?1")
        defer { row.reset() }
        try row.bind([SQLValue(id)])
        let members = try row.step() ? row.withBlob(at: 0) { TermMembers(bytes: $0) } : nil
        categories[id] = .some(members)
        return members
    }

    /// The papers published from day `from` up to, not including, day `until` (YYYYMMDD
    /// numbers, 0: no bound), when both are a year's first day and years are stored; else nil.
    func published(from: UInt32, until: UInt32) throws -> TermMembers? {
        guard from % 10_000 == 101 || from == 0, until % 10_000 == 101 || until == 0 else { return nil }
        checkVersion()
        if years == nil {
            var read: [Int: TermMembers] = [:]
            let rows = try database.cached("SELECT year, members FROM year_members")
            defer { rows.reset() }
            while try rows.step() { read[rows.int(at: 0)] = rows.withBlob(at: 1) { TermMembers(bytes: $0) } }
            years = read
        }
        guard let years, !years.isEmpty else { return nil }
        let (first, end) = (Int(from / 10_000), until == 0 ? Int.max : Int(until / 10_000))
        var members = TermMembers(rowids: [])
        for (year, papers) in years where year >= first && year < end { members.formUnion(papers) }
        return members
    }
}
