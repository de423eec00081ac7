import ArgumentParser
import Foundation
import PaperSearch

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what the index holds: papers, dates, top categories, size, last ingest.")

    @OptionGroup var index: IndexOptions
    @Flag(help: "Print the statistics as JSON.") var json = false

    func run() throws {
        let stats = try Terminal.reportingErrors { try index.open(.readOnly).statistics() }
        if json {
            try JSONOutput.print(stats, pretty: Terminal.stdoutIsTTY)
            return
        }
        var lines = ["papers      \(stats.papers)"]
        if let first = stats.first, let last = stats.last { lines.append("published   \(first) to \(last)") }
        if !stats.categories.isEmpty {
            lines.append("categories  " + stats.categories.map { "\($0.value) (\($0.count))" }.joined(separator: ", "))
        }
        lines.append("size        \(ByteCountFormatter.string(fromByteCount: Int64(stats.bytes), countStyle: .file))")
        if let ingest = stats.lastIngest {
            lines.append("last ingest \(ingest.finished): added \(ingest.added), updated \(ingest.updated), "
                         + "unchanged \(ingest.unchanged), rejected \(ingest.rejected)")
        }
        print(lines.joined(separator: "\n"))
    }
}
