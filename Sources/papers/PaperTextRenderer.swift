import PaperSearch

/// One paper's full record as text.
enum PaperTextRenderer {
    static func render(_ paper: Paper) -> String {
        var lines = [paper.title, String(repeating: "=", count: min(paper.title.count, 78)), ""]
        func field(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(name.padding(toLength: 12, withPad: " ", startingAt: 0))\(value)") }
        }
        field("id", paper.id)
        field("authors", paper.authors.joined(separator: ", "))
        field("categories", paper.categories.joined(separator: " "))
        field("published", paper.published)
        field("updated", paper.updated)
        field("versions", paper.versions.map(\.version).joined(separator: " "))
        field("doi", paper.doi)
        field("journal", paper.journalRef)
        field("comments", paper.comments)
        field("source", paper.source)
        lines.append("")
        lines.append(wrap(paper.abstract, width: 78))
        return lines.joined(separator: "\n") + "\n"
    }

    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
