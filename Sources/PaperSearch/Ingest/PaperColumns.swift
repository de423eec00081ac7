import Foundation

/// A paper's values as `papers` stores them, made on the reading thread.
///
/// SQLite's writing thread is the whole critical path of a load; the reading thread had time
/// to spare. Hashing the content, turning LaTeX into searchable text and encoding the
/// versions took a fifth of the writing thread's instructions (callgrind, 20k generated
/// papers: 2.7G of 13.1G); here they run beside it.
struct PaperColumns: Sendable {
    let paper: Paper
    /// The title as indexed: LaTeX turned into plain text (``LaTeXText/searchable(_:)``).
    let title: String
    /// The abstract as indexed.
    let abstract: String
    /// Display names, one per line.
    let authors: String
    /// Space separated; the first is the primary one.
    let categories: String
    /// The versions as JSON, nil when there are none.
    let versions: String?
    /// ``contentHash(_:authors:categories:)`` of the paper.
    let contentHash: Int64
    /// The newest version number, 0 when the record has no versions.
    let latestVersion: Int
    /// The title as given, when it differs from the indexed one (LaTeX).
    let titleOriginal: String?
    /// The abstract as given, when it differs from the indexed one.
    let abstractOriginal: String?

    /// The tokens of the title, abstract and authors, in that order (``FTS5TokenReplay``);
    /// nil when they were not made, or one of them cannot be replayed.
    let tokens: [TokenizedText]?

    /// - Parameter recorder: records the tokens with the index's tokenizer, used by this
    ///   thread only; nil to leave the tokenizing to FTS5.
    init(_ paper: Paper, encoder: JSONEncoder, recorder: TokenRecorder? = nil) throws {
        self.paper = paper
        title = LaTeXText.searchable(paper.title)
        abstract = LaTeXText.searchable(paper.abstract)
        authors = paper.authors.joined(separator: "\n")
        categories = paper.categories.joined(separator: " ")
        versions = paper.versions.isEmpty ? nil
            : String(decoding: try encoder.encode(paper.versions), as: UTF8.self)
        contentHash = Self.contentHash(paper, authors: authors, categories: categories)
        latestVersion = paper.latestVersion
        titleOriginal = title == paper.title ? nil : paper.title
        abstractOriginal = abstract == paper.abstract ? nil : paper.abstract
        if let recorder, let titleTokens = recorder.record(title),
           let abstractTokens = recorder.record(abstract), let authorTokens = recorder.record(authors) {
            tokens = [titleTokens, abstractTokens, authorTokens]
        } else {
            tokens = nil
        }
    }

    /// A hash of everything a reader would see, with the authors and categories as stored;
    /// `source` is left out so that the same record read from a renamed file is unchanged.
    /// Stored in `content_hash`: it must not change from one version of papers to the next.
    private static func contentHash(_ paper: Paper, authors: String, categories: String) -> Int64 {
        var hash = FNV1a()
        for field in [paper.id, paper.title, paper.abstract, authors, categories] {
            hash.combineField(field)
        }
        for field in [paper.published, paper.updated, paper.doi, paper.journalRef, paper.comments] {
            hash.combineField(field)
        }
        for version in paper.versions {
            hash.combineField(version.version)
            hash.combineField(version.created)
        }
        return Int64(bitPattern: hash.value)
    }
}
