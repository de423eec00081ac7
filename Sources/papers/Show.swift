import ArgumentParser
import Foundation
import PaperSearch

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one paper's full record.",
        discussion: "ID may be 2301.01234, 2301.01234v2, arXiv:2301.01234, https://arxiv.org/abs/2301.01234 or a DOI."
    )

    @OptionGroup var index: IndexOptions

    @Flag(help: "Print the record as JSON.") var json = false

    @Argument(help: "The paper's id.") var id: String

    func run() throws {
        let paper = try Terminal.reportingErrors { try index.open(.readOnly).paper(id: id) }
        guard let paper else {
            Terminal.printError("Error: no paper with id '\(id)' in \(index.path). Search for it with `papers search`.")
            throw ExitCode.failure
        }
        if json {
            try JSONOutput.print(paper, pretty: Terminal.stdoutIsTTY)
        } else {
            print(PaperTextRenderer.render(paper), terminator: "")
        }
    }
}
