import ArgumentParser
import PaperSearch

/// The `--db` option every command shares.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The index file.", discussion: "Default: $PAPERS_DB, else $XDG_DATA_HOME/papers/papers.db.",
        valueName: "path"))
    var db: String?

    var path: String { db ?? PaperIndex.defaultPath() }

    func open(_ access: PaperIndex.Access) throws -> PaperIndex {
        try PaperIndex(path: path, access: access)
    }
}
