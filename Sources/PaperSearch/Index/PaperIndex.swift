import CSQLite
import Foundation
import PaperSchema

/// A papers index: one SQLite file holding papers and their FTS5 index.
///
/// Open it to search (read-only) or to ingest (read-write); each instance owns one connection
/// and is used from one place at a time.
///
///     let index = try PaperIndex(path: "papers.db", access: .readWrite)
///     let summary = try index.ingest(files: ["arxiv.jsonl"])
///     let hits = try index.search(SearchRequest(query: "noisy links"))
public final class PaperIndex {
    /// How an index is opened.
    public enum Access: Sendable {
        /// Searching only; the index must exist.
        case readOnly
        /// Ingesting; the file and its directory are created when missing.
        case readWrite
    }

    /// `PRAGMA application_id` of every papers index ("PAPR"), which tells ours from other
    /// SQLite files.
    static let applicationID: Int32 = 0x5041_5052

    /// Page size of new indexes (set before the first table is created).
    static let pageSize = Int(ProcessInfo.processInfo.environment["PAPERS_PAGE_SIZE"] ?? "") ?? 16_384

    /// The file this index lives in.
    public let path: String
    /// SQLite's page cache per connection, in KiB; pages are allocated only as they are used.
    /// The default 2 MB let an ingest re-read the id index and FTS5 merge inputs, and let
    /// searches lose the FTS and row-size pages they revisit. Measured with 64 MiB: 300k-paper
    /// ingest 74 → 67 s; at 1M papers, rare-word p50 6.4 → 3.5 ms, author field 28 → 24 ms.
    static let pageCacheKiB = 65_536
    let database: Database
    /// Made by the first query (``queryWords()``), then kept with the connection it tokenizes with.
    private var prefixTerms: PrefixTerms?
    /// The stored counts of common terms, read again when the index they describe changes
    /// (a new number of papers or tokens) or this index ingests.
    var commonTerms: CommonTerms?
    /// The papers' lengths as the ranking function reads them (``DocumentLengths``).
    let documentLengths: DocumentLengths
    /// What the ranking functions share with this connection's searches (``RankingContext``).
    let ranking: RankingContext
    /// The papers' dates and categories for filters and facets (``FacetColumns``).
    let facetColumns: FacetColumns
    /// The papers of each category and year as bitmaps, once read (``FacetMembers``).
    let facetMembers: FacetMembers
    /// Each paper's BM25F term for a word once in its abstract, per unit of idf, for the
    /// index state and ranking it was computed at (``AbstractOnceTerms``).
    var abstractOnceTerms: AbstractOnceTerms?
    /// True during a search whose snapshot has complete facet columns: filters on text
    /// queries then read them (``selection(_:reading:)``).
    var filtersFromColumns = false
    /// Lets an ingest hand FTS5 the tokens its reading thread made; opened for writing only.
    let tokenReplay: FTS5TokenReplay?

    /// Opens the index at `path`.
    ///
    /// - Throws: ``PaperIndexError`` when the file is missing (read-only), is not a papers
    ///   index, or has an unknown schema; ``SQLiteError`` when SQLite fails.
    public convenience init(path: String, access: Access) throws {
        try self.init(path: path, access: access, pageCacheKiB: Self.pageCacheKiB)
    }

    /// - Parameter pageCacheKiB: this connection's page cache; a ``SecondReader``'s is
    ///   smaller, as it only reads each list through once or twice.
    init(path: String, access: Access, pageCacheKiB: Int) throws {
        self.path = path
        let fileManager = FileManager.default
        switch access {
        case .readOnly:
            guard fileManager.fileExists(atPath: path) else { throw PaperIndexError.noIndex(path: path) }
            database = try Database(path: path, mode: .readOnly)
            try Self.checkIdentity(database, path: path)
            let version = try Self.schemaVersion(database, path: path)
            if version == 0 { throw PaperIndexError.noIndex(path: path) }
            if version < SchemaMigrations.all.count { try Self.upgrade(path: path) }
        case .readWrite:
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw PaperIndexError.cannotCreate(path: path, reason: error.localizedDescription)
                }
            }
            database = try Database(path: path, mode: .readWriteCreate)
            try Self.checkIdentity(database, path: path)
            let version = try Self.schemaVersion(database, path: path)
            // Only now, with the file known to be ours or empty, is anything written to it.
            if version == 0 {
                // Rows are ~2 KB (an abstract): 4 KB pages would hold one each, half empty.
                try database.execute("PRAGMA page_size = \(Self.pageSize)")
                // So an ingest can return the pages its FTS5 merges freed (see releaseFreePages).
                try database.execute("PRAGMA auto_vacuum = INCREMENTAL")
            }
            try database.execute("PRAGMA journal_mode = WAL")
            try database.execute("PRAGMA synchronous = NORMAL")
        }
        // Before migrating too: schema 3 rebuilds the FTS index.
        try database.execute("PRAGMA cache_size = -\(pageCacheKiB)")
        // Before FTS5 first opens its table on this connection, which the migrations may do.
        tokenReplay = access == .readWrite ? try FTS5TokenReplay.install(on: database) : nil
        if access == .readWrite { try Migrator(database: database).migrate() }
        try database.execute("PRAGMA foreign_keys = ON")
        try PhraseFrequency.register(on: database)
        // A reader of an older index that could not be upgraded never gets here
        // (needsUpgrade), so the tables of schemas 5 and 6 exist.
        documentLengths = try DocumentLengths(database: database)
        facetColumns = try FacetColumns(database: database)
        facetMembers = FacetMembers(database: database)
        ranking = RankingContext(lengths: documentLengths,
                                 fieldLengths: try DocumentLengths(database: database, layout: .fields))
        try KnownFrequencyBM25.register(on: database, context: ranking)
        try FieldedBM25.register(on: database, context: ranking)
    }

    /// Brings an index made by an older papers up to the current schema, for a reader, which
    /// should not have to run an ingest first. Most migrations take seconds at a million
    /// papers; schema 3 rebuilds the FTS index once (107 s at 1M papers).
    ///
    /// - Throws: ``PaperIndexError/needsUpgrade(path:)`` when the file cannot be written;
    ///   ``SQLiteError`` when a migration fails.
    private static func upgrade(path: String) throws {
        do {
            let writer = try Database(path: path, mode: .readWriteExisting)
            try writer.execute("PRAGMA journal_mode = WAL")
            try writer.execute("PRAGMA cache_size = -\(pageCacheKiB)")
            try Migrator(database: writer).migrate()
        } catch let error as SQLiteError
                    where [SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH].contains(error.primaryCode) {
            throw PaperIndexError.needsUpgrade(path: path)
        }
    }

    /// Refuses a file that is not SQLite, or is SQLite but holds something else.
    private static func checkIdentity(_ database: Database, path: String) throws {
        let id: Int
        do {
            id = try database.scalarInt("PRAGMA application_id") ?? 0
        } catch let error as SQLiteError where error.primaryCode == SQLITE_NOTADB {
            throw PaperIndexError.notAnIndex(path: path, detail: "not an SQLite database")
        }
        if id == Int(applicationID) { return }
        if id != 0 {
            throw PaperIndexError.notAnIndex(path: path, detail: "an SQLite file of another application")
        }
        let objects = try database.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
        if objects > 0 {
            throw PaperIndexError.notAnIndex(path: path, detail: "an SQLite database with other tables")
        }
    }

    private static func schemaVersion(_ database: Database, path: String) throws -> Int {
        let version = try database.scalarInt("PRAGMA user_version") ?? 0
        if version > SchemaMigrations.all.count {
            throw PaperIndexError.newerSchema(path: path, version: version)
        }
        return version
    }

    /// Plans a query's conjuncts, each prefix term matching the words that start with what was
    /// typed (``PrefixTerms``).
    func plan(_ conjuncts: [QueryNode]) throws -> QueryPlan {
        try QueryPlan(conjuncts: conjuncts, prefixes: queryWords().expression)
    }

    /// The query-side tokenizing of this connection, made on first use.
    func queryWords() throws -> PrefixTerms {
        if let prefixTerms { return prefixTerms }
        let terms = try PrefixTerms(database: database)
        prefixTerms = terms
        return terms
    }

    /// The SQL ranking for `plan`: FTS5's `bm25()` formula with `weights`, as
    /// ``KnownFrequencyBM25``, which reads the papers' lengths from ``DocumentLengths`` and
    /// takes the stored counts (``CommonTerms``) of the phrases that are one word, in every
    /// column or in one counted field. The fielded formula has its own function.
    func rankExpression(_ plan: QueryPlan, _ weights: RankingWeights) throws -> String {
        guard weights.formula == .fts5 else { return weights.bm25 }
        guard let known = try knownCounts(plan) else {
            return KnownFrequencyBM25.expression(weights, papers: -1, tokens: -1, documents: [])
        }
        return KnownFrequencyBM25.expression(weights, papers: known.papers, tokens: known.tokens, documents: known.documents)
    }

    /// What `papers_bm25` reads for `plan` besides each row: FTS5's row and token totals (from
    /// its `averages` record, as xRowCount and xColumnTotalSize give them), and the count of
    /// each phrase the ranking expression gives it at those totals (nil: it counts the phrase
    /// itself, by xQueryPhrase; empty when none is given). Nil for an empty index.
    func rankingTotals(_ plan: QueryPlan, averages: [UInt8]) throws -> (rows: Int, tokens: Int, given: [Int?])? {
        let totals = FTS5Record.integers(averages)
        guard totals.count == 1 + TextField.allCases.count, totals[0] > 0 else { return nil }
        let rows = totals[0], tokens = totals.dropFirst().reduce(0, +)
        guard let known = try knownCounts(plan), known.papers == rows, known.tokens == tokens else { return (rows, tokens, []) }
        return (rows, tokens, known.documents)
    }

    /// The stored counts ``rankExpression(_:_:)`` gives `papers_bm25` for `plan`'s phrases, in
    /// phrase order (nil: not stored), with the index totals they were counted at; nil when
    /// it gives none.
    func knownCounts(_ plan: QueryPlan) throws -> (papers: Int, tokens: Int, documents: [Int?])? {
        guard let match = plan.match, let phrases = FTSPhrase.phrases(in: match), !phrases.isEmpty,
              let basis = try CommonTerms.basis(database), basis.tokens >= 0 else { return nil }
        if commonTerms?.papers != basis.papers || commonTerms?.tokens != basis.tokens {
            commonTerms = try CommonTerms.load(database)
        }
        guard let common = commonTerms, !common.documents.isEmpty else { return nil }
        let stemmer = try queryWords().stemmer
        var documents: [Int?] = []
        for phrase in phrases {
            let tokens = stemmer.queryTokens(phrase.text, prefix: phrase.prefix)
            // A phrase with no token at all might not be a phrase to FTS5, and the counts
            // are given by phrase number.
            guard !tokens.isEmpty else { return nil }
            guard tokens.count == 1 else {
                documents.append(nil)
                continue
            }
            if phrase.prefix {
                documents.append(phrase.columns == nil ? common.prefixDocuments[tokens[0]] : nil)
                continue
            }
            switch phrase.columns {
            case nil: documents.append(common.documents[tokens[0]])
            case let columns? where columns.count == 1: documents.append(common.fieldDocuments[columns[0]]?[tokens[0]])
            default: documents.append(nil)
            }
        }
        guard documents.contains(where: { $0 != nil }) else { return nil }
        return (common.papers, common.tokens, documents)
    }

    /// The number of papers in the index.
    public func count() throws -> Int {
        try database.scalarInt("SELECT count(*) FROM papers") ?? 0
    }

    /// The default location: `$PAPERS_DB`, else `$XDG_DATA_HOME/papers/papers.db`, else
    /// `~/.local/share/papers/papers.db`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["PAPERS_DB"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("papers/papers.db")
    }
}

@available(*, unavailable)
extension PaperIndex: Sendable {}
