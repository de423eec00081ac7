import CSQLite

/// What the ranking functions (``KnownFrequencyBM25``, ``FieldedBM25``) read beside FTS5, and
/// what they tell their caller: one per connection, registered with both as their user data
/// and kept alive by the connection's owner for as long as they are registered.
final class RankingContext {
    /// The papers' stored lengths.
    let lengths: DocumentLengths
    /// The papers' stored column lengths, for ``FieldedBM25``.
    let fieldLengths: DocumentLengths
    /// Rows scored since the caller last set it to 0. In a statement's result columns a
    /// ranking function runs once per row that passed the WHERE clause, so after a ranked
    /// query this is its number of matches, and a separate count(*) pass is not needed.
    var rowsScored = 0

    init(lengths: DocumentLengths, fieldLengths: DocumentLengths) {
        self.lengths = lengths
        self.fieldLengths = fieldLengths
    }

    /// Registers `function` under `name` on `database`, with this context as its user data.
    ///
    /// - Throws: ``SQLiteError`` when this SQLite has no FTS5 or refuses the function.
    func register(_ name: String, _ function: fts5_extension_function, on database: Database) throws {
        try database.createFTS5Function(name, userData: Unmanaged.passUnretained(self).toOpaque(), function)
    }

    /// The context a ranking function registered by ``register(_:_:on:)`` was given.
    static func of(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer) -> RankingContext? {
        api.pointee.xUserData(context).map { Unmanaged<RankingContext>.fromOpaque($0).takeUnretainedValue() }
    }
}

@available(*, unavailable)
extension RankingContext: Sendable {}
