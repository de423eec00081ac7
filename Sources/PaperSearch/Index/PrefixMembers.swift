/// The papers holding a token that starts with one of the commonest prefixes, as a bitmap
/// over rowids (`Schema/013_prefix_members.sql`).
///
/// FTS5 answers `fla* reatous` by seeking in the prefix's list at every paper of the rarer
/// word; with the prefix in 40% of the papers that reads nearly all of the list. With the
/// set, FTS5 matches the rarer word alone and a bit test keeps the papers that also hold the
/// prefix. Stored beside ``TermMembers`` and valid under the same basis.
enum PrefixMembers {
    /// The fewest papers a prefix needs for its set in an index of `papers`: a quarter of
    /// them, and 100,000. The sets of the prefixes in a quarter of the papers took the 100k
    /// benchmark index from 2.47 to 2.49 times its raw text (the size target is 2.5); those
    /// in an eighth (299 of 3 characters alone, 41 MB at 1.1M papers) would leave no room. In
    /// a shorter list FTS5's seeks skip enough: at 100k papers (prefixes in 27,500 to 55,000
    /// of them) the sets made the benchmark's prefix searches slower, 0.69 → 0.89 ms p50.
    static func fewest(papers: Int) -> Int {
        max(100_000, papers / 4)
    }

    /// Stores the set of each prefix of `counts` (papers by prefix, as ``CommonTerms``
    /// counted them) held by at least `fewest` papers, read from FTS5. A prefix the query
    /// tokenizer would change (`das` looked up as `da`) is skipped: no search looks it up as
    /// itself.
    ///
    /// - Returns: the number of sets stored.
    static func build(_ database: Database, counts: [String: Int], fewest: Int, tokenizer: FTS5Tokenizer) throws -> Int {
        let insert = try database.prepare("INSERT INTO prefix_members (prefix, members) VALUES (?1, ?2)")
        var stored = 0
        for (prefix, count) in counts.sorted(by: { $0.key < $1.key }) where count >= fewest {
            guard tokenizer.queryTokens(prefix, prefix: true) == [prefix] else { continue }
            let members = try TermMembers.matching(database, expression: FTSExpression.quote(prefix) + "*")
            insert.reset()
            try insert.bind([.text(prefix), .blob(members.bytes)])
            _ = try insert.step()
            stored += 1
        }
        return stored
    }

    /// The stored set of `prefix` (as FTS5 looks it up, without the `*`), or nil when there
    /// is none.
    static func load(_ database: Database, prefix: String) throws -> TermMembers? {
        try TermMembers.load(database, query: "SELECT members FROM prefix_members WHERE prefix = ?1", key: prefix)
    }
}
