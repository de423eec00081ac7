/// Maps an OAI-PMH `record` in the `arXiv`, `arXivRaw` or `oai_dc` metadata format to a paper.
enum OAIRecord {
    /// The paper, or nil for a deleted record (nothing to index, nothing wrong).
    static func paper(from record: XMLNode, source: String) throws -> Paper? {
        let header = record.child("header")
        if header?.attributes["status"] == "deleted" { return nil }
        guard let metadata = record.child("metadata")?.children.first else {
            throw RecordError(reason: "record has no metadata")
        }
        let headerID = header?.value("identifier").map { $0.replacingOccurrences(of: "oai:arXiv.org:", with: "") }
        switch metadata.name {
        case "arXiv": return try arXiv(metadata, headerID: headerID, source: source)
        case "arXivRaw": return try arXivRaw(metadata, headerID: headerID, source: source)
        case "dc": return try dublinCore(metadata, headerID: headerID, source: source)
        default: throw RecordError(reason: "unsupported OAI-PMH metadata format '\(metadata.name)'")
        }
    }

    private static func require(_ title: String?, _ abstract: String?) throws -> (String, String) {
        let title = title ?? "", abstract = abstract ?? ""
        guard !title.isEmpty || !abstract.isEmpty else {
            throw RecordError(reason: "record has neither a title nor an abstract")
        }
        return (title, abstract)
    }

    private static func id(_ raw: String?, headerID: String?, title: String) -> (String, Int?) {
        if let arxiv = (raw ?? headerID).flatMap(PaperID.arxiv) { return (arxiv.id, arxiv.version) }
        return (raw ?? headerID ?? PaperID.derived(fromTitle: title), nil)
    }

    /// `metadataPrefix=arXiv`: structured authors, created/updated dates.
    private static func arXiv(_ m: XMLNode, headerID: String?, source: String) throws -> Paper {
        let (title, abstract) = try require(m.value("title"), m.value("abstract"))
        let authors = m.child("authors")?.all("author").map { author in
            [author.value("forenames"), author.value("keyname"), author.value("suffix")]
                .compactMap { $0 }.joined(separator: " ")
        } ?? []
        let (id, _) = Self.id(m.value("id"), headerID: headerID, title: title)
        return Paper(
            id: id, title: title, abstract: abstract,
            authors: authors.map(LaTeXText.searchable),
            categories: RecordMapper.list(m.value("categories").map(FieldValue.string)),
            published: m.value("created"), updated: m.value("updated") ?? m.value("created"),
            doi: m.value("doi").flatMap(RecordMapper.doi), journalRef: m.value("journal-ref"),
            comments: m.value("comments"), versions: [], source: source)
    }

    /// `metadataPrefix=arXivRaw`: every version with its date, authors as one TeX string.
    private static func arXivRaw(_ m: XMLNode, headerID: String?, source: String) throws -> Paper {
        let (title, abstract) = try require(m.value("title"), m.value("abstract"))
        let versions = m.all("version").compactMap { node -> Paper.Version? in
            guard let label = node.attributes["version"] else { return nil }
            return Paper.Version(version: label, created: node.value("date").flatMap(ArxivDate.day(fromRFC2822:)))
        }
        let (id, _) = Self.id(m.value("id"), headerID: headerID, title: title)
        return Paper(
            id: id, title: title, abstract: abstract,
            authors: RecordMapper.authors(m.value("authors").map(FieldValue.string)),
            categories: RecordMapper.list(m.value("categories").map(FieldValue.string)),
            published: versions.first?.created, updated: versions.last?.created,
            doi: m.value("doi").flatMap(RecordMapper.doi), journalRef: m.value("journal-ref"),
            comments: m.value("comments"), versions: versions, source: source)
    }

    /// `metadataPrefix=oai_dc`: Dublin Core; creators as `Last, First`, the abstract and a
    /// `Comment:` line both as `description`, identifiers mixing URL, DOI and journal.
    private static func dublinCore(_ m: XMLNode, headerID: String?, source: String) throws -> Paper {
        let descriptions = m.all("description").map { TextNormalizer.collapseWhitespace($0.text) }
        let comment = descriptions.first { $0.hasPrefix("Comment:") }
        let (title, abstract) = try require(m.value("title"), descriptions.first { !$0.hasPrefix("Comment:") })
        let identifiers = m.all("identifier").map { TextNormalizer.collapseWhitespace($0.text) }
        let arxiv = identifiers.lazy.compactMap(PaperID.arxiv).first ?? headerID.flatMap(PaperID.arxiv)
        let doi = identifiers.lazy.compactMap { RecordMapper.doi($0) }.first
        let dates = m.all("date").map { TextNormalizer.collapseWhitespace($0.text) }
        let creators = m.all("creator").map { creator -> String in
            let name = TextNormalizer.collapseWhitespace(creator.text)
            let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimmingSpaces() }
            return parts.count == 2 ? "\(parts[1]) \(parts[0])" : name
        }
        return Paper(
            id: arxiv?.id ?? headerID ?? PaperID.derived(fromTitle: title), title: title, abstract: abstract,
            authors: creators.map(LaTeXText.searchable), categories: [],
            published: dates.first.flatMap { RecordMapper.day(.string($0)) },
            updated: dates.last.flatMap { RecordMapper.day(.string($0)) },
            doi: doi, journalRef: nil,
            comments: comment.map { String($0.dropFirst("Comment:".count)).trimmingSpaces() },
            versions: [], source: source)
    }
}
