/// One paper as stored in the index.
public struct Paper: Sendable, Equatable, Codable {
    /// The stable key: a version-less arXiv id (`2301.01234`, `hep-th/9901001`), or for records
    /// without one an id derived from the title (see ``PaperID/derived(fromTitle:)``).
    public var id: String
    /// The title, whitespace normalized.
    public var title: String
    /// The abstract, whitespace normalized.
    public var abstract: String
    /// Author display names, in the paper's order.
    public var authors: [String]
    /// Categories in order; the first is the primary one.
    public var categories: [String]
    /// First publication date, `YYYY-MM-DD`.
    public var published: String?
    /// Date of the newest version or metadata update, `YYYY-MM-DD`.
    public var updated: String?
    /// The DOI, lower-cased.
    public var doi: String?
    /// The journal reference.
    public var journalRef: String?
    /// The authors' comments (pages, figures, venue).
    public var comments: String?
    /// arXiv versions, oldest first; empty for records without versions.
    public var versions: [Version]
    /// Where the record was last read from: `format:path`.
    public var source: String

    /// One arXiv version of a paper.
    public struct Version: Sendable, Equatable, Codable {
        /// The version label, e.g. `v2`.
        public var version: String
        /// When it was submitted, `YYYY-MM-DD`.
        public var created: String?

        /// Creates a version entry.
        public init(version: String, created: String?) {
            self.version = version
            self.created = created
        }

        /// The version number (`v3` → 3), or 0 when the label is not of that form.
        public var number: Int {
            Int(version.drop(while: { $0 == "v" || $0 == "V" })) ?? 0
        }
    }

    /// Creates a paper record.
    public init(
        id: String, title: String, abstract: String, authors: [String] = [],
        categories: [String] = [], published: String? = nil, updated: String? = nil,
        doi: String? = nil, journalRef: String? = nil, comments: String? = nil,
        versions: [Version] = [], source: String = ""
    ) {
        self.id = id
        self.title = title
        self.abstract = abstract
        self.authors = authors
        self.categories = categories
        self.published = published
        self.updated = updated
        self.doi = doi
        self.journalRef = journalRef
        self.comments = comments
        self.versions = versions
        self.source = source
    }

    /// The newest version number, 0 when the record has no versions.
    public var latestVersion: Int {
        versions.map(\.number).max() ?? 0
    }

    /// The publication year, when known.
    public var year: Int? {
        published.flatMap { Int($0.prefix(4)) }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, authors, categories, published, updated, doi, abstract
        case journalRef = "journal_ref"
        case comments, versions, source
    }
}
