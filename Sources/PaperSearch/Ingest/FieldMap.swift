/// Which source key feeds which paper field, for generic JSON and CSV records.
///
/// Keys are matched case-insensitively against common names (`abstract`, `summary`, `text`,
/// ...); ``overrides`` (from `--map abstract=Summary`) take precedence.
public struct FieldMap: Sendable, Equatable {
    /// The paper fields a source key can feed.
    public enum Field: String, Sendable, CaseIterable {
        case id, title, abstract, authors, categories, date, updated, doi, journal, comments
    }

    /// Source key names per field, tried before the common names.
    public var overrides: [Field: String] = [:]

    /// An empty map: common names only.
    public init() {}

    /// Parses `field=Key` pairs, as `--map abstract=Summary`.
    ///
    /// - Throws: ``IngestError/invalidMap(_:)`` for an unknown field or a missing `=`.
    public init(pairs: [String]) throws {
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), let field = Field(rawValue: pair[..<equals].lowercased()),
                  pair.index(after: equals) < pair.endIndex else {
                throw IngestError.invalidMap(pair)
            }
            overrides[field] = String(pair[pair.index(after: equals)...])
        }
    }

    /// Common source names per field, lower case, best first.
    static let commonNames: [Field: [String]] = [
        .id: ["arxiv_id", "arxivid", "arxiv", "id", "_id", "paper_id", "paperid", "corpusid", "doc_id", "docid"],
        .title: ["title", "display_name", "name"],
        .abstract: ["abstract", "summary", "text", "paperabstract", "description", "abstract_inverted_index"],
        .authors: ["authors", "author", "authorships", "creators", "creator"],
        .categories: ["categories", "category", "subjects", "subject", "fieldsofstudy", "primary_category"],
        .date: ["published", "publication_date", "publicationdate", "date", "published_date", "created", "year",
                "publication_year"],
        .updated: ["updated", "update_date", "updated_date"],
        .doi: ["doi"],
        .journal: ["journal_ref", "journal-ref", "journal", "venue"],
        .comments: ["comments", "comment"],
    ]
}
