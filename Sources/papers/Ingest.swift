import ArgumentParser
import Foundation
import PaperSearch

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load papers from files into the index (re-ingesting never duplicates).",
        discussion: """
            Formats are detected from the content: arXiv metadata JSON lines (Kaggle snapshot), \
            generic JSON (lines or an array), CSV/TSV with a header, arXiv API Atom feeds, \
            OAI-PMH ListRecords (arXiv, arXivRaw, oai_dc), and copied listing text (a title \
            line, then an abstract line). Any of them may be gzip-compressed. A directory \
            means its files; - reads standard input. Ctrl-C stops at the next batch boundary.
            """
    )

    @OptionGroup var index: IndexOptions

    @Option(help: ArgumentHelp("The input format instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "format"))
    var format: String?

    @Option(name: .customLong("map"), help: ArgumentHelp(
        "Take a field from a differently named JSON key or CSV column, e.g. --map abstract=Summary.",
        valueName: "field=Key"))
    var mappings: [String] = []

    @Option(help: "Records per transaction: what an interrupted ingest keeps is whole batches.")
    var batchSize = IngestOptions().batchSize

    @Flag(help: "Stop at the first bad record and leave the index as it was.")
    var strict = false

    @Flag(help: "Print only errors, not the progress or the summary.")
    var quiet = false

    @Argument(help: ArgumentHelp("Files or directories to read (- for standard input).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one file to ingest, e.g. `papers ingest Samples/arxiv-metadata-200.jsonl`.") }
        if let format, InputFormat(rawValue: format) == nil {
            throw ValidationError("Unknown format '\(format)'. Use one of: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        do { _ = try FieldMap(pairs: mappings) } catch { throw ValidationError("\(error)") }
        if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more.") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read once.") }
    }

    func run() throws {
        var options = IngestOptions()
        options.format = format.flatMap(InputFormat.init(rawValue:))
        options.strict = strict
        options.batchSize = batchSize
        options.fieldMap = try FieldMap(pairs: mappings)

        let progress = ProgressLine(enabled: !quiet && Terminal.stderrIsTTY)
        let interrupt = InterruptFlag()
        defer { progress.clear() }
        try Terminal.reportingErrors {
            let paperIndex = try index.open(.readWrite)
            var rejected = 0
            let summary = try paperIndex.ingest(
                files: files,
                options: options,
                onProblem: { problem in
                    rejected += 1
                    if rejected <= 20 {
                        progress.clear()
                        Terminal.printError("\(problem)")
                    }
                },
                onProgress: progress.update,
                shouldStop: interrupt.isSet
            )
            progress.clear()
            if rejected > 20 { Terminal.printError("... and \(rejected - 20) more rejected records") }
            if !quiet || summary.interrupted {
                let total = try paperIndex.count()
                Terminal.printNote("\(summary.line); \(total) papers in \(paperIndex.path)")
            }
            if summary.interrupted { throw ExitCode(130) }
        }
    }
}
