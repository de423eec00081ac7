import ArgumentParser
import Foundation
import PaperSearch

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; best matches first.",
        discussion: """
            Words are ANDed and stemmed; "double quotes" make a phrase; OR, -word, quant*, \
            NEAR(a b, 5), title:, author:, cat:cs.LG, year:2019..2022 and id: are understood. \
            See the README for the whole syntax.
            """
    )

    @OptionGroup var index: IndexOptions

    @Option(help: "Results to show.") var limit = 10
    @Option(help: "Results to skip (for paging).") var offset = 0
    @Option(help: "Output: text, json or jsonl.") var format: OutputFormat = .text
    @Flag(help: "Shorthand for --format json.") var json = false
    @Flag(help: "Match any of the words (for a pasted sentence or abstract); stop words are dropped.") var any = false
    @Option(help: "Order: relevance, newest or oldest.") var sort: SortOption = .relevance
    @Flag(help: "Print only the number of matches.") var count = false
    @Option(help: ArgumentHelp("Count matches per year and/or category, e.g. year,category.", valueName: "facets"))
    var facet: String?
    @Flag(help: "Pass the query to FTS5 unchanged (expert syntax).") var raw = false

    @Option(help: "Words that must be in the title.") var title: String?
    @Option(help: "A name that must be among the authors.") var author: String?
    @Option(help: "A category (cs.LG) or archive (cs.*).") var category: String?
    @Option(help: "A year or range: 2023, 2019..2022, >=2020.") var year: String?
    @Option(help: "Published on or after: 2023, 2023-06, 2023-06-15.") var since: String?
    @Option(help: "Published on or before: 2023, 2023-06, 2023-06-15.") var until: String?

    // Unrecognized dashes belong to the query, so `papers search graph -survey` excludes a word.
    @Argument(parsing: .allUnrecognized, help: "The query.") var words: [String] = []

    enum SortOption: String, ExpressibleByArgument, CaseIterable {
        case relevance, newest, oldest
    }

    var outputFormat: OutputFormat { json ? .json : format }

    var conditions: [QueryCondition] {
        var list: [QueryCondition] = []
        if let title { list.append(.title(title)) }
        if let author { list.append(.author(author)) }
        if let category { list.append(.category(category)) }
        if let year { list.append(.year(year)) }
        if let since { list.append(.since(since)) }
        if let until { list.append(.until(until)) }
        return list
    }

    var facets: Set<SearchRequest.Facet> {
        get throws {
            guard let facet else { return [] }
            return try Set(facet.split(separator: ",").map { name in
                guard let value = SearchRequest.Facet(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("Unknown facet '\(name)'. Use year, category or both: --facet year,category.")
                }
                return value
            })
        }
    }

    func validate() throws {
        if words.isEmpty && conditions.isEmpty {
            throw ValidationError("Give a query, e.g. `papers search \"noisy links\"`, or a filter such as --category cs.LG.")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 or more.") }
        if offset < 0 { throw ValidationError("--offset must be 0 or more.") }
        if format == .csv { throw ValidationError("search prints text, json or jsonl; use `papers export --format csv` for CSV.") }
        if raw && any { throw ValidationError("--raw and --any do not combine: --raw passes the query to FTS5 unchanged.") }
        for condition in conditions {
            do { _ = try condition.node() } catch { throw ValidationError("\(error)") }
        }
        _ = try facets
    }

    func run() throws {
        var request = SearchRequest(query: words.joined(separator: " "))
        request.conditions = try conditions.map { try $0.node() }
        request.mode = any ? .any : .all
        request.sort = SearchRequest.Sort(rawValue: sort.rawValue) ?? .relevance
        request.limit = count ? 0 : limit
        request.offset = offset
        request.raw = raw
        request.facets = try facets
        request.snippets = !count

        let results = try Terminal.reportingErrors { try index.open(.readOnly).search(request) }

        if count {
            print(results.total)
            return
        }
        switch outputFormat {
        case .json:
            try JSONOutput.print(results, pretty: Terminal.stdoutIsTTY)
        case .jsonl:
            for hit in results.hits { try JSONOutput.print(hit, pretty: false) }
        case .text, .csv:
            for note in results.notes { Terminal.printNote("note: \(note)") }
            if results.hits.isEmpty, results.total == 0 {
                Terminal.printNote("No papers match '\(request.query)'. Try fewer words, --any, or a prefix such as quant*.")
            }
            print(SearchTextRenderer(marks: Terminal.highlightMarks).render(results), terminator: "")
        }
    }
}
