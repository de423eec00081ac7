import CSQLite
import Foundation

/// Lets an ingest tokenize on its reading thread: FTS5 then indexes tokens already made.
///
/// FTS5 tokenizes each paper on the thread that writes it, the whole critical path of a load:
/// the tokenizer was 0.15 of that thread's instructions (callgrind, 20k generated papers).
/// This registers a tokenizer under the name the index's schema asks for (`porter`), on one
/// connection only, before FTS5 first opens the table there; FTS5 finds the newest
/// registration of a name first. It wraps SQLite's own: every text is tokenized by SQLite's
/// code, only sometimes on another thread beforehand. Given texts it expects (``expect(_:)``),
/// it hands FTS5 their recorded tokens when FTS5 asks to index those very bytes; any other
/// text, and every query, goes to SQLite's tokenizer as before. The index file is the one
/// SQLite's tokenizer would have written, and any connection reads it.
final class FTS5TokenReplay {
    /// SQLite's own tokenizer of that name, and its context.
    private var real = fts5_tokenizer()
    private let realContext: UnsafeMutableRawPointer?
    /// Texts FTS5 is about to index, in order, with their tokens.
    private var expected: [TokenizedText] = []
    private var next = 0
    /// Texts replayed, and texts that were not expected (tokenized by SQLite's code), since
    /// the connection opened.
    private(set) var replayed = 0
    private(set) var missed = 0

    private init(real: fts5_tokenizer, context: UnsafeMutableRawPointer?) {
        self.real = real
        realContext = context
    }

    /// Registers the wrapper of the index's tokenizer on `database`; call before the FTS5
    /// table is first used there.
    ///
    /// - Returns: the replay, which lives as long as the connection.
    static func install(on database: Database) throws -> FTS5TokenReplay {
        let api = try database.fts5API()
        var context: UnsafeMutableRawPointer?
        var methods = fts5_tokenizer()
        var code = api.pointee.xFindTokenizer(api, FTS5Tokenizer.index.name, &context, &methods)
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, message: "FTS5 has no tokenizer '\(FTS5Tokenizer.index.name)'", sql: nil)
        }
        let replay = FTS5TokenReplay(real: methods, context: context)
        var wrapper = fts5_tokenizer(xCreate: createInstance, xDelete: deleteInstance, xTokenize: tokenize)
        // The connection keeps the replay until it closes (`xDestroy`).
        let retained = Unmanaged.passRetained(replay).toOpaque()
        code = api.pointee.xCreateTokenizer(api, FTS5Tokenizer.index.name, retained, &wrapper) { context in
            if let context { Unmanaged<FTS5TokenReplay>.fromOpaque(context).release() }
        }
        guard code == SQLITE_OK else {
            Unmanaged<FTS5TokenReplay>.fromOpaque(retained).release()
            throw SQLiteError(code: code, message: "FTS5 refused a tokenizer named '\(FTS5Tokenizer.index.name)'", sql: nil)
        }
        return replay
    }

    /// An instance of SQLite's own tokenizer, for another thread: it shares nothing with
    /// the connection once made.
    func makeTokenizer(database: Database) throws -> FTS5Tokenizer {
        try FTS5Tokenizer(methods: real, context: realContext, arguments: FTS5Tokenizer.index.arguments,
                          database: database)
    }

    /// Texts FTS5 will be asked to index next, in order (the columns of each paper in turn).
    /// A text asked for out of turn, or not at all, is only tokenized again.
    func expect(_ texts: [TokenizedText]) {
        expected = texts
        next = 0
    }

    /// Forgets the texts expected and not asked for.
    func clear() {
        expected = []
        next = 0
    }

    /// How far past the next expected text a text may be found: FTS5 may skip a column.
    private static let lookahead = 4

    /// The recorded tokens of the `count` bytes at `text`, when they are among the next texts
    /// expected; the texts before it are dropped.
    private func take(_ text: UnsafePointer<CChar>?, count: Int) -> TokenizedText? {
        var index = next
        while index < min(expected.count, next + Self.lookahead) {
            let candidate = expected[index]
            let same = candidate.text.utf8.count == count && candidate.text.utf8.withContiguousStorageIfAvailable {
                count == 0 || memcmp($0.baseAddress!, text!, count) == 0
            } == true
            if same {
                next = index + 1
                return candidate
            }
            index += 1
        }
        return nil
    }

    /// One instance FTS5 made of the wrapper: SQLite's tokenizer's instance, and the replay.
    private final class Instance {
        let replay: FTS5TokenReplay
        let inner: OpaquePointer

        init(replay: FTS5TokenReplay, inner: OpaquePointer) {
            self.replay = replay
            self.inner = inner
        }
    }

    private static let createInstance: @convention(c) (
        UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int32, UnsafeMutablePointer<OpaquePointer?>?
    ) -> Int32 = { context, arguments, count, instance in
        guard let context, let instance, let create = Unmanaged<FTS5TokenReplay>.fromOpaque(context)
            .takeUnretainedValue().real.xCreate else { return SQLITE_ERROR }
        let replay = Unmanaged<FTS5TokenReplay>.fromOpaque(context).takeUnretainedValue()
        var inner: OpaquePointer?
        let code = create(replay.realContext, arguments, count, &inner)
        guard code == SQLITE_OK, let inner else { return code == SQLITE_OK ? SQLITE_ERROR : code }
        instance.pointee = OpaquePointer(Unmanaged.passRetained(Instance(replay: replay, inner: inner)).toOpaque())
        return SQLITE_OK
    }

    private static let deleteInstance: @convention(c) (OpaquePointer?) -> Void = { pointer in
        guard let pointer else { return }
        let instance = Unmanaged<Instance>.fromOpaque(UnsafeRawPointer(pointer))
        instance.takeUnretainedValue().replay.real.xDelete?(instance.takeUnretainedValue().inner)
        instance.release()
    }

    private static let tokenize: @convention(c) (
        OpaquePointer?, UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32,
        (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
    ) -> Int32 = { pointer, context, flags, text, length, token in
        guard let pointer else { return SQLITE_ERROR }
        let instance = Unmanaged<Instance>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
        let replay = instance.replay
        if flags == FTS5_TOKENIZE_DOCUMENT, !replay.expected.isEmpty {
            if let token, let recorded = replay.take(text, count: Int(length)) {
                replay.replayed += 1
                return recorded.bytes.withUnsafeBufferPointer { bytes in
                    guard let base = bytes.baseAddress else { return SQLITE_OK }
                    var offset = 0
                    for entry in recorded.tokens {
                        let start = UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
                        let code = token(context, 0, start, Int32(entry.length), entry.start,
                                         entry.start + Int32(entry.span))
                        guard code == SQLITE_OK else { return code }
                        offset += Int(entry.length)
                    }
                    return SQLITE_OK
                }
            }
            replay.missed += 1
        }
        return replay.real.xTokenize(instance.inner, context, flags, text, length, token)
    }
}

@available(*, unavailable)
extension FTS5TokenReplay: Sendable {}
