import CSQLite

/// One SQLite connection. It owns its handle and closes it when released.
///
/// A connection is used by one owner at a time: it is deliberately not `Sendable`.
final class Database {
    /// How to open a database file.
    enum Mode {
        /// Read only; the file must exist.
        case readOnly
        /// Read and write; the file must exist.
        case readWriteExisting
        /// Read and write; the file is created when missing.
        case readWriteCreate
    }

    let handle: OpaquePointer
    let path: String
    /// Prepared statements kept for reuse, by SQL text (preparing costs more than a small query).
    private var statements: [String: Statement] = [:]

    /// Opens the database at `path`.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot open the file.
    init(path: String, mode: Mode) throws {
        var handle: OpaquePointer?
        let flags: Int32 = switch mode {
        case .readOnly: SQLITE_OPEN_READONLY
        case .readWriteExisting: SQLITE_OPEN_READWRITE
        case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(connection: handle, code: code, sql: nil)
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        // Another process may be writing (WAL): wait for it rather than failing at once.
        sqlite3_busy_timeout(handle, 5_000)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw SQLiteError(connection: handle, code: code, sql: sql)
        }
    }

    /// Compiles a statement for repeated use.
    func prepare(_ sql: String, persistent: Bool = false) throws -> Statement {
        try Statement(database: self, sql: sql, persistent: persistent)
    }

    /// A prepared statement for `sql` from the cache, reset and with no bindings.
    func cached(_ sql: String) throws -> Statement {
        if let statement = statements[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql, persistent: true)
        if statements.count > 64 { statements.removeAll() }
        statements[sql] = statement
        return statement
    }

    /// The first column of the first row of a query, or nil when there is no row.
    func scalarInt(_ sql: String) throws -> Int? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int(at: 0) : nil
    }

    /// The first column of the first row of a query as text, or nil.
    func scalarText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.text(at: 0) : nil
    }

    /// Registers a deterministic SQL function of `arguments` arguments. It reads `userData`
    /// with `sqlite3_user_data`; the caller keeps it alive as long as this connection.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the function.
    func createFunction(_ name: String, arguments: Int32, userData: UnsafeMutableRawPointer,
                        _ function: @escaping @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void) throws {
        let code = sqlite3_create_function_v2(handle, name, arguments, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                              userData, function, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteError(connection: handle, code: code, sql: nil) }
    }

    /// `PRAGMA data_version`: changes when another connection commits (not this one). Read
    /// inside a transaction, it describes that transaction's snapshot.
    func dataVersion() -> Int? {
        guard let statement = try? cached("PRAGMA data_version"), (try? statement.step()) == true else { return nil }
        defer { statement.reset() }
        return statement.int(at: 0)
    }

    /// True inside a transaction begun explicitly (`BEGIN`), not in autocommit mode.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The statements now between their first step and their end or reset.
    func activeStatements() -> Set<OpaquePointer> {
        var active: Set<OpaquePointer> = []
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0 { active.insert(current) }
            statement = sqlite3_next_stmt(handle, current)
        }
        return active
    }

    /// Rewinds the statements still stepping except `kept`, so that none holds the read
    /// snapshot open: a statement left on a row (a `count(*)`, a LIMIT reached) keeps its
    /// transaction, and the connection would go on reading that snapshot after other
    /// connections commit. The list is walked again after each reset: rewinding an FTS5 query
    /// finalizes the statements FTS5 prepared for it.
    func resetActiveStatements(except kept: Set<OpaquePointer>) {
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0, !kept.contains(current) {
                sqlite3_reset(current)
                statement = sqlite3_next_stmt(handle, nil)
            } else {
                statement = sqlite3_next_stmt(handle, current)
            }
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowid: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// Rows changed on this connection since it opened, counting what virtual tables report
    /// (FTS5's `'merge'` reports the pages it wrote).
    var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }
}

@available(*, unavailable)
extension Database: Sendable {}
