import ArgumentParser

@main
struct PapersBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers-bench",
        abstract: "Benchmarks papers against Python sqlite3 on the same SQLite, schema and corpus.",
        subcommands: [Run.self, Generate.self],
        defaultSubcommand: Run.self
    )
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a generated arXiv-shaped corpus (JSON lines).")

    @Argument(help: "How many papers.") var count: Int
    @Argument(help: "The output file.") var output: String
    @Option(help: "The random seed.") var seed: UInt64 = 7

    func run() throws {
        var generator = CorpusGenerator(seed: seed)
        try generator.write(count: count, to: output)
    }
}
