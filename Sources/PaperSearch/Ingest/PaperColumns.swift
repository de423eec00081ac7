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
    /// ``IndexWriter/contentHash(_:)`` of the paper.
    let contentHash: Int64
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
        contentHash = IndexWriter.contentHash(paper)
        titleOriginal = title == paper.title ? nil : paper.title
        abstractOriginal = abstract == paper.abstract ? nil : paper.abstract
        if let recorder, let titleTokens = recorder.record(title),
           let abstractTokens = recorder.record(abstract), let authorTokens = recorder.record(authors) {
            tokens = [titleTokens, abstractTokens, authorTokens]
        } else {
            tokens = nil
        }
    }
}
