import ArgumentParser
import Foundation
import PaperSearch

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every matching paper (or the whole index) as JSON, JSON lines or CSV.",
        discussion: "Full records, abstracts included; no limit unless --limit is given. -o writes atomically."
    )

    @OptionGroup var index: IndexOptions

    @Option(help: "Output: json (an array), jsonl or csv.") var format: OutputFormat = .jsonl
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(help: "At most this many papers (0: all).") var limit = 0
    @Flag(help: "Match any of the words.") var any = false
    @Flag(help: "Pass the query to FTS5 unchanged (expert syntax).") var raw = false
    @Option(help: "Order: relevance, newest or oldest (default: relevance; the whole index: oldest).")
    var sort: Search.SortOption = .relevance
    @Option(help: "A category (cs.LG) or archive (cs.*).") var category: String?
    @Option(help: "A year or range: 2023, 2019..2022, >=2020.") var year: String?

    @Argument(parsing: .allUnrecognized, help: "The query; none exports the whole index.") var words: [String] = []

    func validate() throws {
        if format == .text { throw ValidationError("export writes json, jsonl or csv; use `papers search` for text.") }
        if limit < 0 { throw ValidationError("--limit must be 0 or more.") }
        if raw && any { throw ValidationError("--raw and --any do not combine: --raw passes the query to FTS5 unchanged.") }
        for condition in conditions {
            do { _ = try condition.node() } catch { throw ValidationError("\(error)") }
        }
    }

    var conditions: [QueryCondition] {
        [category.map(QueryCondition.category), year.map(QueryCondition.year)].compactMap { $0 }
    }

    func run() throws {
        var request = SearchRequest(query: words.joined(separator: " "))
        request.conditions = try conditions.map { try $0.node() }
        request.mode = any ? .any : .all
        request.raw = raw
        request.sort = SearchRequest.Sort(rawValue: sort.rawValue) ?? .relevance
        try Terminal.reportingErrors {
            let paperIndex = try index.open(.readOnly)
            do {
                let sink = try output.map { try AtomicFile(path: $0) }
                let writer = PaperWriter(format: format) { data in
                    if let sink { try sink.write(data) } else { FileHandle.standardOutput.write(data) }
                }
                try writer.begin()
                try paperIndex.forEachMatch(request, limit: limit > 0 ? limit : nil) { try writer.write($0) }
                try writer.end()
                try sink?.commit()
            } catch let error as AtomicFile.Failure {
                Terminal.printError("Error: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
