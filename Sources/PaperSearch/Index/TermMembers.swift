/// The papers holding one of the commonest terms, as a bitmap over rowids
/// (`Schema/009_term_members.sql`).
///
/// A search made only of such terms matches most of the index. FTS5 counts those matches by
/// reading every doclist involved (75–100 ms for two of them at 1M papers); intersecting two
/// bitmaps of 1.1M bits takes microseconds. Stored beside ``TermImpacts`` and valid under
/// the same basis.
struct TermMembers: Equatable {
    /// Bit `r % 64` of word `r / 64` is set when the paper with rowid `r` holds the term.
    private(set) var words: [UInt64]

    /// The set of `rowids` (each at least 0).
    init<S: Sequence>(rowids: S) where S.Element == Int {
        words = []
        for rowid in rowids { insert(rowid) }
    }

    /// Adds the paper with `rowid` (at least 0).
    mutating func insert(_ rowid: Int) {
        let word = rowid >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(rowid & 63)
    }

    /// Reads the stored form (``bytes``).
    init(bytes: UnsafeRawBufferPointer) {
        // Written in place: through `map`, a common word's 16,000 words (1M papers) took
        // 275,000 instructions of a three-word search, about 3% of it.
        let count = bytes.count / 8
        words = [UInt64](unsafeUninitializedCapacity: count) { words, initialized in
            for index in 0..<count {
                words[index] = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
            }
            initialized = count
        }
    }

    /// The stored form: the words, little-endian.
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 * words.count)
        for word in words { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// True when the paper with `rowid` holds the term.
    func contains(_ rowid: Int) -> Bool {
        let word = rowid >> 6
        return rowid >= 0 && word < words.count && words[word] & (1 << UInt64(rowid & 63)) != 0
    }

    /// Keeps only the papers `other` also holds.
    mutating func formIntersection(_ other: TermMembers) {
        if other.words.count < words.count { words.removeLast(words.count - other.words.count) }
        for index in words.indices { words[index] &= other.words[index] }
    }

    /// Adds the papers `other` holds.
    mutating func formUnion(_ other: TermMembers) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for index in other.words.indices { words[index] |= other.words[index] }
    }

    /// The number of papers in the set.
    var count: Int {
        words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The stored set of `token`, or nil when there is none.
    static func load(_ database: Database, token: String) throws -> TermMembers? {
        try load(database, query: "SELECT members FROM term_members WHERE term = ?1", key: token)
    }

    /// The set in the one column `query` selects for `key` (bound to `?1`), or nil when it
    /// selects no row.
    static func load(_ database: Database, query: String, key: String) throws -> TermMembers? {
        let row = try database.cached(query)
        defer { row.reset() }
        try row.bind([.text(key)])
        guard try row.step() else { return nil }
        return row.withBlob(at: 0) { TermMembers(bytes: $0) }
    }

    /// The papers matching the FTS5 `expression`.
    static func matching(_ database: Database, expression: String) throws -> TermMembers {
        let rowids = try database.cached("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1")
        defer { rowids.reset() }
        try rowids.bind([.text(expression)])
        var members = TermMembers(rowids: [])
        while try rowids.step() { members.insert(rowids.int(at: 0)) }
        return members
    }
}
