/// Maps an arXiv API Atom `entry` to a paper.
enum AtomEntry {
    static func paper(from entry: XMLNode, source: String) throws -> Paper? {
        let rawID = entry.value("id") ?? ""
        if rawID.contains("/api/errors") {
            throw RecordError(reason: "arXiv API error: \(entry.value("summary") ?? rawID)")
        }
        let title = entry.value("title") ?? ""
        let abstract = entry.value("summary") ?? entry.value("content") ?? ""
        guard !title.isEmpty || !abstract.isEmpty else {
            throw RecordError(reason: "entry has neither a title nor a summary")
        }
        let arxiv = PaperID.arxiv(rawID)
        let published = entry.value("published").map { String($0.prefix(10)) }
        let updated = entry.value("updated").map { String($0.prefix(10)) }

        var categories: [String] = []
        if let primary = entry.child("primary_category")?.attributes["term"] { categories.append(primary) }
        for category in entry.all("category") {
            if let term = category.attributes["term"], !categories.contains(term) { categories.append(term) }
        }
        // The feed gives the current version only; its date is the entry's `updated`.
        let versions = arxiv?.version.map { [Paper.Version(version: "v\($0)", created: updated)] } ?? []

        return Paper(
            id: arxiv?.id ?? (rawID.isEmpty ? PaperID.derived(fromTitle: title) : rawID),
            title: title,
            abstract: abstract,
            authors: entry.all("author").compactMap { $0.value("name") }.map(LaTeXText.searchable),
            categories: categories,
            published: published,
            updated: updated,
            doi: entry.value("doi").flatMap(RecordMapper.doi),
            journalRef: entry.value("journal_ref"),
            comments: entry.value("comment"),
            versions: versions,
            source: source)
    }
}
