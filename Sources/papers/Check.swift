import ArgumentParser
import PaperSearch

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run SQLite's and FTS5's integrity checks on the index; exit 1 when either fails.")

    @OptionGroup var index: IndexOptions

    func run() throws {
        let report = try Terminal.reportingErrors {
            // FTS5 runs its check as a write command; the read-only open first makes sure there
            // is an index there, so the read-write one creates nothing.
            _ = try index.open(.readOnly)
            return try index.open(.readWrite).checkIntegrity()
        }
        print("sqlite integrity_check: " + report.sqlite.joined(separator: "\n  "))
        print("fts5 integrity-check: " + (report.fts ?? "ok"))
        if !report.isSound { throw ExitCode.failure }
    }
}
