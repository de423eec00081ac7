/// The schema of a papers index as ordered migrations, embedded from `Schema/*.sql`.
///
/// Migration `n` brings an index from `PRAGMA user_version = n - 1` to `n`. Files are never
/// edited once released: a change to the schema is a new file and a new entry here.
public enum SchemaMigrations {
    /// One migration: its version number and the SQL that applies it.
    public struct Migration: Sendable {
        /// The `user_version` an index has after this migration.
        public let version: Int
        /// The SQL script, run in one transaction.
        public let sql: String
    }

    /// Every migration, oldest first.
    public static let all: [Migration] = [
        Migration(version: 1, sql: String(decoding: PackageResources._01_papers_sql, as: UTF8.self)),
        Migration(version: 2, sql: String(decoding: PackageResources._02_published_by_rowid_sql, as: UTF8.self)),
        Migration(version: 3, sql: String(decoding: PackageResources._03_prefix_index_3_only_sql, as: UTF8.self)),
        Migration(version: 4, sql: String(decoding: PackageResources._04_common_terms_sql, as: UTF8.self)),
        Migration(version: 5, sql: String(decoding: PackageResources._05_document_lengths_sql, as: UTF8.self)),
        Migration(version: 6, sql: String(decoding: PackageResources._06_facet_columns_sql, as: UTF8.self)),
        Migration(version: 7, sql: String(decoding: PackageResources._07_term_impacts_sql, as: UTF8.self)),
        Migration(version: 8, sql: String(decoding: PackageResources._08_field_terms_sql, as: UTF8.self)),
        Migration(version: 9, sql: String(decoding: PackageResources._09_term_members_sql, as: UTF8.self)),
        Migration(version: 10, sql: String(decoding: PackageResources._10_term_postings_sql, as: UTF8.self)),
        Migration(version: 11, sql: String(decoding: PackageResources._11_prefix_terms_sql, as: UTF8.self)),
        Migration(version: 12, sql: String(decoding: PackageResources._12_field_lengths_sql, as: UTF8.self)),
        Migration(version: 13, sql: String(decoding: PackageResources._13_prefix_members_sql, as: UTF8.self)),
        Migration(version: 14, sql: String(decoding: PackageResources._14_lists_by_rowid_sql, as: UTF8.self)),
    ]
}
