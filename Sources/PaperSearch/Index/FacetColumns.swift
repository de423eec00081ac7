import CSQLite

/// Each paper's date and categories (`Schema/006_facet_columns.sql`), read by chunks of 4,096
/// rowids, for the filters and facets of a text query.
///
/// A category or date filter used to probe `paper_categories` or the date index once per FTS
/// match, and each facet did the same; at 1M papers that was 60-70 ms for a word in 6% of the
/// papers. Here a match costs an array lookup. They are used only while every chunk up to the
/// highest rowid is stored (``startSearch()``); otherwise searches run the SQL as before.
///
/// One instance belongs to one connection. What it keeps is dropped when the database changes
/// (`PRAGMA data_version`, checked inside each search's read transaction) and when its own
/// connection ingests (``reset()``).
final class FacetColumns {
    /// Rowids per stored row.
    static let chunkSize = DocumentLengths.chunkSize
    /// The SQL names of the filter functions.
    static let categoryFunction = "papers_in_categories"
    static let dateFunction = "papers_published_in"

    /// One stored row, as read: dates and ids stay little-endian bytes, read where needed.
    /// (A class: a lookup then retains one reference, not three arrays.)
    final class Chunk {
        let dates: [UInt8]
        /// Where each rowid's category ids start in `ids` (4,097 entries).
        let offsets: [Int32]
        let ids: [UInt8]

        init(dates: [UInt8], offsets: [Int32], ids: [UInt8]) {
            (self.dates, self.offsets, self.ids) = (dates, offsets, ids)
        }
    }

    private let database: Database
    private let chunk: Statement
    private var version: Int?
    /// (Unchecked exclusivity here and on the sets: one connection's single thread reaches
    /// them, and a dynamic check on every match's lookup cost more than the lookup.)
    @exclusivity(unchecked) private var chunks: [Chunk?] = []
    private var names: [UInt32: String]?
    /// True while every chunk is stored, as of the current search's snapshot.
    private(set) var usable = false
    /// The category sets of the current search's filters, by the number their SQL passes:
    /// membership by category id.
    @exclusivity(unchecked) private var categorySets: [[Bool]] = []
    /// Set numbers by filter condition: a search builds its SQL for the count, the page and
    /// the facets, and each reads the same set.
    private var setNumbers: [String: Int] = [:]

    init(database: Database) throws {
        self.database = database
        chunk = try database.prepare(
            "SELECT dates, counts, categories FROM facet_columns WHERE chunk = ?1", persistent: true)
        try database.createFunction(Self.categoryFunction, arguments: 2,
                                    userData: Unmanaged.passUnretained(self).toOpaque(), Self.inCategories)
        try database.createFunction(Self.dateFunction, arguments: 3,
                                    userData: Unmanaged.passUnretained(self).toOpaque(), Self.publishedIn)
    }

    /// Drops everything read so far (the connection itself changed the index).
    func reset() {
        chunks.removeAll()
        names = nil
        version = nil
    }

    /// Call inside a search's read transaction, before its other statements: drops what was
    /// read before another connection's commit and decides whether the columns are complete.
    func startSearch() throws {
        categorySets.removeAll()
        setNumbers.removeAll()
        // The first read starts the snapshot that data_version then describes.
        let highest = try database.cached("SELECT max(rowid) FROM papers")
        let last = try highest.step() && !highest.isNull(at: 0) ? highest.int(at: 0) / Self.chunkSize : -1
        highest.reset()
        let stored = try database.cached("SELECT count(*) FROM facet_columns WHERE chunk BETWEEN 0 AND ?1")
        try stored.bind([SQLValue(last)])
        let count = try stored.step() ? stored.int(at: 0) : 0
        stored.reset()
        let current = database.dataVersion()
        if current == nil || current != version {
            chunks.removeAll(keepingCapacity: true)
            names = nil
            version = current
        }
        usable = count == last + 1
    }

    /// The number, for this search's SQL, of the set of category ids whose `name` satisfies
    /// `condition`: a category filter's own condition (``QueryFilter/categoryMatch(_:)``), so
    /// it compares as on `paper_categories`.
    func categorySet(where condition: String, _ values: [SQLValue]) throws -> Int {
        let key = condition + "\u{0}" + values.map { "\($0)" }.joined(separator: "\u{0}")
        if let number = setNumbers[key] { return number }
        let statement = try database.cached("SELECT id FROM category_names WHERE \(condition)")
        try statement.bind(values)
        var members: [Bool] = []
        while try statement.step() {
            let id = statement.int(at: 0)
            guard id >= 0 else { continue }
            if id >= members.count { members.append(contentsOf: repeatElement(false, count: id - members.count + 1)) }
            members[id] = true
        }
        categorySets.append(members)
        setNumbers[key] = categorySets.count - 1
        return categorySets.count - 1
    }

    /// The category ids of set `set` (``categorySet(where:_:)``).
    func categoryIDs(inSet set: Int) -> [Int] {
        guard set >= 0, set < categorySets.count else { return [] }
        return categorySets[set].indices.filter { categorySets[set][$0] }
    }

    /// A category's name by id.
    func name(of id: UInt32) throws -> String {
        if names == nil {
            var loaded: [UInt32: String] = [:]
            let rows = try database.cached("SELECT id, name FROM category_names")
            while try rows.step() { loaded[UInt32(rows.int(at: 0))] = rows.text(at: 1) }
            names = loaded
        }
        return names?[id] ?? ""
    }

    /// The chunk holding `rowid`, or nil when it is not stored.
    func chunk(of rowid: Int64) -> (chunk: Chunk, offset: Int)? {
        guard rowid >= 0 else { return nil }
        let number = Int(rowid) / Self.chunkSize
        if number >= chunks.count { chunks.append(contentsOf: repeatElement(nil, count: number - chunks.count + 1)) }
        if chunks[number] == nil { chunks[number] = load(number) }
        guard let loaded = chunks[number], !loaded.offsets.isEmpty else { return nil }
        return (loaded, Int(rowid) % Self.chunkSize)
    }

    /// `published` of the paper at `rowid` as YYYYMMDD (0: none), or nil when not stored.
    func date(of rowid: Int64) -> UInt32? {
        guard let (chunk, offset) = chunk(of: rowid) else { return nil }
        return Self.date(chunk, offset)
    }

    /// `published` of the paper at `offset` in `chunk` as YYYYMMDD (0: none).
    static func date(_ chunk: Chunk, _ offset: Int) -> UInt32 {
        chunk.dates.withUnsafeBytes { dates in
            4 * offset + 4 <= dates.count
                ? UInt32(littleEndian: dates.loadUnaligned(fromByteOffset: 4 * offset, as: UInt32.self)) : 0
        }
    }

    /// Whether the paper at `rowid` has a category of set `set` (``categorySet(where:_:)``);
    /// nil when the set is unknown or the paper's row is not stored.
    func has(_ rowid: Int64, categoryIn set: Int) -> Bool? {
        guard set >= 0, set < categorySets.count, let (chunk, offset) = chunk(of: rowid) else { return nil }
        return has(chunk, offset, categoryIn: set)
    }

    /// Whether the paper at `offset` in `chunk` has a category of set `set`, a set number
    /// this search got from ``categorySet(where:_:)``.
    func has(_ chunk: Chunk, _ offset: Int, categoryIn set: Int) -> Bool {
        let (start, end) = (Int(chunk.offsets[offset]), Int(chunk.offsets[offset + 1]))
        guard end * 4 <= chunk.ids.count else { return false }
        return categorySets[set].withUnsafeBufferPointer { members in
            chunk.ids.withUnsafeBytes { ids in
                for index in start..<end {
                    let id = Int(UInt32(littleEndian: ids.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
                    if id < members.count && members[id] { return true }
                }
                return false
            }
        }
    }

    /// Calls `body` with each category id of the paper at `rowid`; false when not stored.
    @discardableResult
    func forEachCategory(of rowid: Int64, _ body: (UInt32) -> Void) -> Bool {
        guard let (chunk, offset) = chunk(of: rowid) else { return false }
        for index in Int(chunk.offsets[offset])..<Int(chunk.offsets[offset + 1]) { body(Self.uint32(chunk.ids, at: index)) }
        return true
    }

    private func load(_ number: Int) -> Chunk {
        chunk.reset()
        defer { chunk.reset() }
        guard (try? chunk.bind([SQLValue(number)])) != nil, (try? chunk.step()) == true else {
            return Chunk(dates: [], offsets: [], ids: [])
        }
        let counts = chunk.blob(at: 1)
        var offsets = [Int32](repeating: 0, count: counts.count + 1)
        for (index, count) in counts.enumerated() { offsets[index + 1] = offsets[index] + Int32(count) }
        return Chunk(dates: chunk.blob(at: 0), offsets: offsets, ids: chunk.blob(at: 2))
    }

    static func uint32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        let at = 4 * index
        guard at + 3 < bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// A category name as SQLite's NOCASE compares it: ASCII letters folded, nothing else.
    static func folded(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// `YYYY-MM-DD` as the number YYYYMMDD, which orders as the text does; nil for any other form.
    static func dayNumber(_ text: String) -> UInt32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var value: UInt32 = 0
        for (index, byte) in bytes.enumerated() where index != 4 && index != 7 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func columns(_ context: OpaquePointer?) -> FacetColumns {
        Unmanaged<FacetColumns>.fromOpaque(sqlite3_user_data(context)!).takeUnretainedValue()
    }

    /// `papers_in_categories(rowid, set)`: 1 when the paper has a category of registered set
    /// `set`, else 0.
    private static let inCategories: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        let columns = columns(context)
        let set = Int(sqlite3_value_int64(arguments![1]))
        guard set >= 0, set < columns.categorySets.count else { sqlite3_result_error(context, "unknown category set", -1); return }
        guard let found = columns.has(sqlite3_value_int64(arguments![0]), categoryIn: set) else {
            sqlite3_result_error(context, "facet columns missing", -1)
            return
        }
        sqlite3_result_int(context, found ? 1 : 0)
    }

    /// `papers_published_in(rowid, from, until)`: 1 when the paper has a date with
    /// from ≤ date < until (YYYYMMDD numbers; 0 for no bound), else 0.
    private static let publishedIn: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        guard let date = columns(context).date(of: sqlite3_value_int64(arguments![0])) else {
            sqlite3_result_error(context, "facet columns missing", -1)
            return
        }
        let from = UInt32(truncatingIfNeeded: sqlite3_value_int64(arguments![1]))
        let until = UInt32(truncatingIfNeeded: sqlite3_value_int64(arguments![2]))
        let inside = date != 0 && date >= from && (until == 0 || date < until)
        sqlite3_result_int(context, inside ? 1 : 0)
    }
}

@available(*, unavailable)
extension FacetColumns: Sendable {}
