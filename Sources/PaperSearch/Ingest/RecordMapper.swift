/// Maps a generic record (JSON object or CSV row) to a ``Paper`` by field names.
///
/// Id rule: a recognizable arXiv id (from the id fields or an arXiv URL) wins, else the DOI,
/// else the record's own id, else an id derived from the title. Authors may be a string
/// (`A, B and C` or `A; B`), an array of strings, of `{name}`, `{keyname, forenames}`,
/// `{given, family}`, or OpenAlex `authorships`. OpenAlex's `abstract_inverted_index` is
/// turned back into text.
struct RecordMapper {
    let map: FieldMap
    let source: String

    func paper(from record: [String: FieldValue]) throws -> Paper {
        var lowered: [String: FieldValue] = [:]
        for (key, value) in record { lowered[key.lowercased()] = value }

        func value(_ field: FieldMap.Field) -> FieldValue? {
            if let key = map.overrides[field] {
                return record[key] ?? lowered[key.lowercased()]
            }
            for name in FieldMap.commonNames[field] ?? [] {
                if let found = lowered[name], !found.isNull { return found }
            }
            return nil
        }
        func text(_ field: FieldMap.Field) -> String? {
            guard let found = value(field) else { return nil }
            if case .array(let items) = found { return items.compactMap(\.text).first.map(TextNormalizer.collapseWhitespace) }
            return found.text.map(TextNormalizer.collapseWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        }

        // Text fields must hold text: a number or an object there means the record is not
        // what the mapping thinks it is.
        if let found = value(.title) {
            switch found {
            case .string, .null: break
            case .array(let items) where items.allSatisfy({ if case .string = $0 { true } else { false } }): break
            default: throw RecordError(reason: "field 'title' is not text")
            }
        }
        let title = text(.title) ?? ""
        let abstract = try Self.abstract(value(.abstract)) ?? ""
        guard !title.isEmpty || !abstract.isEmpty else {
            throw RecordError(reason: "record has neither a title nor an abstract")
        }

        let doi = text(.doi).flatMap(Self.doi)
        let rawID = text(.id)
        let arxiv = rawID.flatMap(PaperID.arxiv)
            ?? lowered["externalids"]?["ArXiv"]?.text.flatMap(PaperID.arxiv)
            ?? (lowered["ids"]?["arxiv"]?.text).flatMap(PaperID.arxiv)
        let id = arxiv?.id ?? doi ?? rawID.map { Self.openAlexShort($0) } ?? PaperID.derived(fromTitle: title)

        var versions: [Paper.Version] = []
        if case .array(let items)? = lowered["versions"] {
            versions = items.compactMap { item in
                guard let label = item["version"]?.text else { return nil }
                return Paper.Version(version: label, created: item["created"]?.text.flatMap(ArxivDate.day(fromRFC2822:)))
            }
        } else if let version = arxiv?.version {
            versions = [Paper.Version(version: "v\(version)", created: nil)]
        }

        return Paper(
            id: id,
            title: title,
            abstract: abstract,
            authors: Self.authors(value(.authors)),
            categories: Self.list(value(.categories)),
            published: value(.date).flatMap(Self.day) ?? versions.first?.created,
            updated: value(.updated).flatMap(Self.day),
            doi: doi,
            journalRef: text(.journal),
            comments: text(.comments),
            versions: versions,
            source: source)
    }

    /// `https://openalex.org/W123` → `W123`; other ids as given.
    private static func openAlexShort(_ id: String) -> String {
        id.hasPrefix("https://openalex.org/") ? String(id.dropFirst("https://openalex.org/".count)) : id
    }

    static func doi(_ text: String) -> String? {
        PaperIndex.doi(in: text.trimmingSpaces())
    }

    private static func abstract(_ value: FieldValue?) throws -> String? {
        guard let value else { return nil }
        if case .object(let inverted) = value {
            guard inverted.values.allSatisfy({ if case .array = $0 { true } else { false } }) else {
                throw RecordError(reason: "field 'abstract' is not text")
            }
            // OpenAlex: word → positions. Put each word back at its positions.
            var words: [Int: String] = [:]
            for (word, positions) in inverted {
                guard case .array(let list) = positions else { continue }
                for position in list { if case .number(let n) = position { words[Int(n)] = word } }
            }
            let text = words.keys.sorted().compactMap { words[$0] }.joined(separator: " ")
            return text.isEmpty ? nil : text
        }
        switch value {
        case .array(let parts):
            return TextNormalizer.collapseWhitespace(parts.compactMap(\.text).joined(separator: " "))
        case .string(let text):
            return TextNormalizer.collapseWhitespace(text)
        case .null:
            return nil
        default:
            throw RecordError(reason: "field 'abstract' is not text")
        }
    }

    static func authors(_ value: FieldValue?) -> [String] {
        guard let value else { return [] }
        let names: [String]
        switch value {
        case .string(let text):
            let separators: [String] = text.contains(";") ? [";"] : [",", " and "]
            var parts = [TextNormalizer.collapseWhitespace(text)]
            for separator in separators {
                parts = parts.flatMap { $0.components(separatedBy: separator) }
            }
            names = parts
        case .array(let items):
            names = items.compactMap { item in
                if let text = item.text { return text }
                if let name = item["name"]?.text ?? item["display_name"]?.text ?? item["author"]?["display_name"]?.text {
                    return name
                }
                let last = item["keyname"]?.text ?? item["family"]?.text ?? item["last"]?.text
                let first = item["forenames"]?.text ?? item["given"]?.text ?? item["first"]?.text
                return [first, last].compactMap { $0 }.joined(separator: " ")
            }
        default:
            names = []
        }
        return names.map { LaTeXText.searchable(TextNormalizer.collapseWhitespace($0)) }.filter { !$0.isEmpty }
    }

    static func list(_ value: FieldValue?) -> [String] {
        switch value {
        case .string(let text)?:
            return text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
        case .array(let items)?:
            return items.compactMap { $0.text ?? $0["term"]?.text ?? $0["display_name"]?.text }
        default:
            return []
        }
    }

    /// `2023-06-15`, `2023-06-15T10:00:00Z`, `2023-06`, `2023`, 2023, or an RFC 2822 date →
    /// `YYYY-MM-DD` (a missing month or day is the first).
    static func day(_ value: FieldValue) -> String? {
        guard let text = value.text?.trimmingSpaces(), !text.isEmpty else { return nil }
        if let rfc = ArxivDate.day(fromRFC2822: text) { return rfc }
        let head = text.prefix(10)
        guard let bound = DateBound(head.split(separator: "T").first ?? head) else { return nil }
        return bound.start
    }
}
