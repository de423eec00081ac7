import PaperSchema

/// Applies the embedded schema migrations in order, each in its own transaction, and records
/// the version reached in `PRAGMA user_version`.
struct Migrator {
    let database: Database

    func migrate() throws {
        let current = try database.scalarInt("PRAGMA user_version") ?? 0
        let pending = SchemaMigrations.all.filter { $0.version > current }
        for migration in pending {
            try database.transaction {
                try database.execute(migration.sql)
                try database.execute("PRAGMA application_id = \(PaperIndex.applicationID)")
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
        // A migration may drop a table (schema 3 rebuilds the FTS index): give its pages back
        // to the file system, as an ingest does (a no-op unless auto_vacuum is incremental).
        if current > 0, !pending.isEmpty { try database.execute("PRAGMA incremental_vacuum") }
    }
}
