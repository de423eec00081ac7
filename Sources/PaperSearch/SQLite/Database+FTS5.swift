import CSQLite

extension Database {
    /// Registers an FTS5 auxiliary (ranking) function under `name`. The function reads
    /// `userData` with `xUserData`; the caller keeps it alive as long as this connection.
    ///
    /// - Throws: ``SQLiteError`` when this SQLite has no FTS5 or refuses the function.
    func createFTS5Function(_ name: String, userData: UnsafeMutableRawPointer? = nil,
                            _ function: fts5_extension_function) throws {
        let api = try fts5API()
        let code = api.pointee.xCreateFunction(api, name, userData, function, nil)
        guard code == SQLITE_OK else { throw SQLiteError(connection: handle, code: code, sql: nil) }
    }

    /// FTS5's registration table (functions and tokenizers), fetched the documented way:
    /// `SELECT fts5(?)` with a pointer bound under the type name "fts5_api_ptr".
    ///
    /// - Throws: ``SQLiteError`` when this SQLite has no FTS5.
    func fts5API() throws -> UnsafeMutablePointer<fts5_api> {
        let statement = try prepare("SELECT fts5(?1)")
        var api: UnsafeMutablePointer<fts5_api>?
        // SQLite keeps the type name's pointer until the statement is stepped, so it must be
        // static text, not a temporary bridged string.
        let typeName: StaticString = "fts5_api_ptr"
        try withUnsafeMutablePointer(to: &api) { slot in
            typeName.withUTF8Buffer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count + 1) { type in
                    _ = sqlite3_bind_pointer(statement.handle, 1, slot, type, nil)
                }
            }
            _ = try statement.step()
        }
        guard let api else { throw SQLiteError(connection: handle, code: SQLITE_ERROR, sql: "SELECT fts5(?1)") }
        return api
    }
}
