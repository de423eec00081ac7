// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "papers",
    products: [
        .library(name: "PaperSearch", targets: ["PaperSearch"]),
        .executable(name: "papers", targets: ["papers"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The system SQLite (Debian libsqlite3-dev, FTS5 built in); no bundled copy.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // zlib, for reading .gz inputs (Debian zlib1g-dev).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The versioned SQL schema, embedded in the binary so it needs no file beside it.
        .target(
            name: "PaperSchema",
            path: "Schema",
            resources: [
                .embedInCode("001_papers.sql"),
                .embedInCode("002_published_by_rowid.sql"),
                .embedInCode("003_prefix_index_3_only.sql"),
                .embedInCode("004_common_terms.sql"),
                .embedInCode("005_document_lengths.sql"),
                .embedInCode("006_facet_columns.sql"),
                .embedInCode("007_term_impacts.sql"),
                .embedInCode("008_field_terms.sql"),
                .embedInCode("009_term_members.sql"),
                .embedInCode("010_term_postings.sql"),
                .embedInCode("011_prefix_terms.sql"),
                .embedInCode("012_field_lengths.sql"),
                .embedInCode("013_prefix_members.sql"),
                .embedInCode("014_lists_by_rowid.sql"),
            ]
        ),
        .target(
            name: "PaperSearch",
            dependencies: ["CSQLite", "CZlib", "PaperSchema"]
        ),
        .executableTarget(
            name: "papers",
            dependencies: [
                "PaperSearch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark: generated corpus, Python reference, figures. Not a test.
        .executableTarget(
            name: "papers-bench",
            dependencies: [
                "PaperSearch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Ranking evaluation on BEIR-layout collections. Not a test: the data stays outside.
        .target(
            name: "PaperEval",
            dependencies: ["PaperSearch"]
        ),
        .executableTarget(
            name: "papers-eval",
            dependencies: [
                "PaperEval",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PaperEvalTests",
            dependencies: ["PaperEval"]
        ),
        .testTarget(
            name: "PaperSearchTests",
            dependencies: ["PaperSearch"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            // Runs the built `papers` binary; it shares the library tests' fixtures.
            name: "papersTests",
            dependencies: ["papers"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
