import CSQLite

/// An error reported by SQLite, with the result code, SQLite's message and the SQL that failed.
///
/// Its description reads like `SQLite error 19: UNIQUE constraint failed: papers.id - while
/// executing INSERT INTO papers ...`, so a log line alone says what went wrong and where.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended SQLite result code, e.g. `SQLITE_CONSTRAINT_UNIQUE`.
    public let code: Int32
    /// SQLite's own message for the failure.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// Creates an error from its parts.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of ``code``), e.g. `SQLITE_BUSY`.
    public var primaryCode: Int32 { code & 0xFF }

    /// A message for the user, saying what to do where there is something to do.
    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }

    /// Reads the current error of a connection.
    init(connection: OpaquePointer?, code: Int32, sql: String?) {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: message, sql: sql)
    }
}
