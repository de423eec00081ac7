import PaperSchema

/// Applies the embedded schema migrations in order, each in its own transaction, and records
/// the version reached in `PRAGMA user_version`.
struct Migrator {
    let database: Database

    func migrate() throws {
        let current = try database.scalarInt("PRAGMA user_version") ?? 0
        for migration in SchemaMigrations.all where migration.version > current {
            try database.transaction {
                try database.execute(migration.sql)
                try database.execute("PRAGMA application_id = \(PaperIndex.applicationID)")
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }
}
