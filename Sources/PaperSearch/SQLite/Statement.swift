import CSQLite

/// A prepared statement. It is finalized when released.
final class Statement {
    let handle: OpaquePointer
    private unowned let database: Database
    let sql: String

    /// SQLite copies bound text when given this destructor (the C macro `SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: Database, sql: String, persistent: Bool) throws {
        var handle: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw SQLiteError(connection: database.handle, code: code, sql: sql)
        }
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears bindings and rewinds, ready for the next execution.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds values to the parameters `?1`, `?2`, ... in order.
    func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the parameter at a 1-based index.
    func bind(_ value: SQLValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
        case .real(let number): code = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // An explicit byte length: with -1 SQLite would stop at the first NUL in the text.
            // An empty buffer may have no address, which SQLite would bind as NULL.
            var text = text
            code = text.isEmpty
                ? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                : text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient)
                    }
                }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                buffer.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
            }
        }
        guard code == SQLITE_OK else {
            throw SQLiteError(connection: database.handle, code: code, sql: sql)
        }
    }

    /// Advances to the next row: true when there is one, false when done.
    @discardableResult
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(connection: database.handle, code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds `values`, runs the statement to completion and resets it.
    func run(_ values: [SQLValue] = []) throws {
        reset()
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    func isNull(at column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int(at column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    func double(at column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    func text(at column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: bytes)
    }

    func optionalText(at column: Int32) -> String? {
        isNull(at: column) ? nil : text(at: column)
    }

    func blob(at column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Calls `body` with a text column's UTF-8 bytes in place, valid only during the call
    /// (empty for NULL), without making a `String` of them.
    func withText<T>(at column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        guard let bytes = sqlite3_column_text(handle, column) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// Calls `body` with a blob column's bytes in place, valid only during the call (empty
    /// for NULL or an empty blob).
    func withBlob<T>(at column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

@available(*, unavailable)
extension Statement: Sendable {}

/// A value bound to a statement parameter.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ text: String?) {
        self = text.map { .text($0) } ?? .null
    }

    init(_ number: Int) {
        self = .integer(Int64(number))
    }
}
