import CSQLite
import Foundation

/// One instance of a tokenizer FTS5 knows (`porter`, `unicode61`, ...), so the library can see
/// the tokens FTS5 makes of a piece of query text.
///
/// Belongs to the connection it came from and, like it, is used by one owner at a time.
final class FTS5Tokenizer {
    /// The index's tokenizer (`Schema/*.sql`: `porter unicode61 remove_diacritics 2`).
    static let index = (name: "porter", arguments: ["unicode61", "remove_diacritics", "2"])

    /// The index's tokenizer on `database`.
    static func forIndex(on database: Database) throws -> FTS5Tokenizer {
        try FTS5Tokenizer(index.name, arguments: index.arguments, database: database)
    }

    private var methods = fts5_tokenizer()
    private var instance: OpaquePointer?
    /// Keeps the connection, whose FTS5 module owns the tokenizer, open as long as this.
    private let database: Database

    /// Creates the tokenizer `name` with `arguments`, as a `tokenize = '...'` option would
    /// (`porter` takes its parent tokenizer and that one's arguments).
    ///
    /// - Throws: ``SQLiteError`` when FTS5 has no such tokenizer or refuses the arguments.
    convenience init(_ name: String, arguments: [String], database: Database) throws {
        let api = try database.fts5API()
        var context: UnsafeMutableRawPointer?
        var methods = fts5_tokenizer()
        let code = api.pointee.xFindTokenizer(api, name, &context, &methods)
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, message: "FTS5 has no tokenizer '\(name)'", sql: nil)
        }
        try self.init(methods: methods, context: context, arguments: arguments, database: database)
    }

    /// Creates an instance of the tokenizer FTS5 registered with `methods` and `context`.
    init(methods: fts5_tokenizer, context: UnsafeMutableRawPointer?, arguments: [String], database: Database) throws {
        self.database = database
        self.methods = methods
        guard let create = methods.xCreate else {
            throw SQLiteError(code: SQLITE_ERROR, message: "FTS5 tokenizer without a constructor", sql: nil)
        }
        let copies = arguments.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var argv = copies.map { UnsafePointer<CChar>($0) }
        let code = argv.withUnsafeMutableBufferPointer { buffer in
            create(context, buffer.baseAddress, Int32(arguments.count), &instance)
        }
        guard code == SQLITE_OK, instance != nil else {
            throw SQLiteError(code: code == SQLITE_OK ? SQLITE_ERROR : code,
                              message: "FTS5 refused tokenizer with \(arguments)", sql: nil)
        }
    }

    deinit {
        if let instance { methods.xDelete?(instance) }
    }

    /// The tokens of `text` as FTS5 makes them of a query word; `prefix` for the text of a
    /// prefix query (`word*`).
    func queryTokens(_ text: String, prefix: Bool) -> [String] {
        tokens(text, flags: FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0))
    }

    /// The tokens of `text` as FTS5 indexes them.
    func documentTokens(_ text: String) -> [String] {
        tokens(text, flags: FTS5_TOKENIZE_DOCUMENT)
    }

    /// Calls `body` with each token of `text`, as FTS5 makes them for `flags` (by default as
    /// its auxiliary functions such as `highlight()` see them): its bytes and the byte range
    /// of the text it came from.
    func forEachToken(in text: UnsafeRawBufferPointer, flags: Int32 = FTS5_TOKENIZE_AUX,
                      _ body: (_ token: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Void) {
        typealias Body = (UnsafeRawBufferPointer, Int, Int) -> Void
        withoutActuallyEscaping(body) { body in
            var body: Body = body
            withUnsafeMutablePointer(to: &body) { context in
                _ = methods.xTokenize(instance, context, flags,
                                      text.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(text.count)) {
                    context, flags, token, length, start, end in
                    guard let context, flags & FTS5_TOKEN_COLOCATED == 0 else { return SQLITE_OK }
                    let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                    context.assumingMemoryBound(to: Body.self).pointee(bytes, Int(start), Int(end))
                    return SQLITE_OK
                }
            }
        }
    }

    /// FTS5's callback for each token: the context, the token's flags, its bytes and length,
    /// and the byte range of the text it came from.
    typealias TokenCallback = @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32
    ) -> Int32

    /// Tokenizes `text` with `flags`, calling `callback` with `context` for each token, as
    /// FTS5 calls it; returns the tokenizer's result code.
    func tokenize(_ text: UnsafeBufferPointer<UInt8>, flags: Int32, context: UnsafeMutableRawPointer,
                  callback: TokenCallback) -> Int32 {
        methods.xTokenize(instance, context, flags, text.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                          Int32(text.count), callback)
    }

    private func tokens(_ text: String, flags: Int32) -> [String] {
        var tokens: [String] = []
        var bytes = Array(text.utf8)
        withUnsafeMutablePointer(to: &tokens) { collected in
            bytes.withUnsafeMutableBytes { buffer in
                _ = methods.xTokenize(instance, collected, flags,
                                      buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count)) {
                    context, _, token, length, _, _ in
                    guard let context, let token else { return SQLITE_OK }
                    let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                    context.assumingMemoryBound(to: [String].self).pointee.append(String(decoding: bytes, as: UTF8.self))
                    return SQLITE_OK
                }
            }
        }
        return tokens
    }
}
