import ArgumentParser
import Foundation
import PaperSearch

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load papers from files into the index (re-ingesting never duplicates).",
        discussion: """
            Formats are detected from the content: arXiv metadata JSON lines (Kaggle snapshot \
            shape) or copied listing text (a title line, then an abstract line). Use - to read \
            standard input.
            """
    )

    @OptionGroup var index: IndexOptions

    @Option(help: ArgumentHelp("The input format, instead of detecting it.", valueName: "format"))
    var format: String?

    @Flag(help: "Print only errors, not the progress or the summary.")
    var quiet = false

    @Argument(help: ArgumentHelp("Files to read (- for standard input).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one file to ingest, e.g. `papers ingest Samples/arxiv-metadata-200.jsonl`.") }
        if let format, InputFormat(rawValue: format) == nil {
            throw ValidationError("Unknown format '\(format)'. Use one of: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        let progress = ProgressLine(enabled: !quiet && Terminal.stderrIsTTY)
        do {
            let paperIndex = try index.open(.readWrite)
            var shown = 0
            let summary = try paperIndex.ingest(
                files: files,
                format: format.flatMap(InputFormat.init(rawValue:)),
                onProblem: { problem in
                    shown += 1
                    if shown <= 20 {
                        progress.clear()
                        Terminal.printError("\(problem)")
                    }
                },
                onProgress: progress.update
            )
            progress.clear()
            if shown > 20 { Terminal.printError("... and \(shown - 20) more rejected records") }
            if !quiet {
                let total = try paperIndex.count()
                Terminal.printNote("\(summary.line); \(total) papers in \(paperIndex.path)")
            }
        } catch let error as PaperIndexError {
            progress.clear()
            throw Terminal.fail(error, code: 1)
        } catch let error as IngestError {
            progress.clear()
            throw Terminal.fail(error, code: 1)
        } catch let error as SQLiteError {
            progress.clear()
            throw Terminal.fail(error, code: 1)
        }
    }
}
