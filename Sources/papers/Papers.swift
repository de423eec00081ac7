import ArgumentParser

@main
struct Papers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers",
        abstract: "Full-text search over scientific paper abstracts, offline, in one SQLite file.",
        discussion: """
            The index lives at --db PATH, else $PAPERS_DB, else $XDG_DATA_HOME/papers/papers.db \
            (~/.local/share/papers/papers.db).
            """,
        subcommands: [Ingest.self, Search.self, Show.self, Export.self, Stats.self, Check.self, Optimize.self]
    )
}
