import ArgumentParser
import Foundation
import PaperSearch

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge the index into one segment, recount the common words and re-rank the frequent words' best papers.",
        discussion: """
            FTS5 leaves an ingest's index in several segments; one makes phrase and prefix \
            searches faster. One-word searches read their first pages from lists ranked for the index as it is. \
            An ingest that adds or updates half of the papers (a first load) ranks them; after \
            smaller ingests searches rank every match as before, and this makes them fast again. \
            Only this also lists the papers of the words in over a tenth of them, which makes \
            searches of two such words fast, the papers of the words in 1% to 10% of them and of \
            two-word phrases of such a word and a commoner one, counts common prefixes and lists \
            the papers of those in a quarter of them and 100,000 or more, which makes a search \
            of such a prefix with a rarer word fast (about 2 minutes per million papers in \
            all). Results are the same either way.
            """)

    @OptionGroup var index: IndexOptions
    @Flag(help: "Print what was done as JSON.") var json = false

    func run() throws {
        let summary = try Terminal.reportingErrors {
            _ = try index.open(.readOnly)
            return try index.open(.readWrite).optimize()
        }
        if json {
            try JSONOutput.print(summary, pretty: Terminal.stdoutIsTTY)
            return
        }
        let merged = summary.mergedSegments > 1 ? "merged \(summary.mergedSegments) index segments into one, " : ""
        print(merged + "counted \(summary.commonTerms) common words and \(summary.prefixes) prefixes, ranked "
              + "\(summary.rankedLists) word lists, listed \(summary.phraseLists) two-word phrases in "
              + String(format: "%.1f s", summary.seconds))
    }
}
