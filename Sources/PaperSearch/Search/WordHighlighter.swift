/// FTS5's `highlight()` for queries whose phrases are single words, computed from the text
/// the page already holds instead of looking each paper up in FTS5.
///
/// A paper known to match has, as a phrase instance, every token in a searched column that
/// equals a phrase's token. `highlight()` finds those instances by a rowid lookup in FTS5
/// (about 0.1 ms a paper at 1M papers, a millisecond a page), then tokenizes the column text
/// and marks them. This tokenizes the same text with the same tokenizer and marks the same
/// tokens, with `highlight()`'s rules for where a mark opens and closes, so the output is the
/// same, marker for marker (tests compare the two).
struct WordHighlighter {
    /// Each phrase's token and the columns it is searched in (nil: all).
    let phrases: [(token: [UInt8], columns: Set<Int>?)]
    let tokenizer: FTS5Tokenizer

    /// The highlighter of `plan` when its phrases are all single words (each plain or in
    /// one field), else nil.
    init?(_ plan: QueryPlan, tokenizer: FTS5Tokenizer) {
        guard let words = plan.conjunctWords else { return nil }
        var phrases: [(token: [UInt8], columns: Set<Int>?)] = []
        for (word, field) in words {
            let tokens = tokenizer.queryTokens(word, prefix: false)
            guard tokens.count == 1 else { return nil }
            phrases.append((Array(tokens[0].utf8), field.map { [TextField.allCases.firstIndex(of: $0)!] }))
        }
        self.phrases = phrases
        self.tokenizer = tokenizer
    }

    /// `text` (column `column`) with each instance between `open` and `close`.
    func highlight(_ text: String, column: Int, open: String, close: String) -> String {
        let wanted = phrases.filter { $0.columns?.contains(column) ?? true }.map(\.token)
        guard !wanted.isEmpty else { return text }
        var text = text
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 64)
            var copied = 0
            var isOpen = false
            var position = 0
            tokenizer.forEachToken(in: UnsafeRawBufferPointer(bytes)) { token, start, end in
                defer { position += 1 }
                let instance = wanted.contains { $0.elementsEqual(token) }
                // As fts5HighlightCb: an open mark closes at the first token that does not
                // abut the text copied so far; an instance opens one unless one is open.
                if isOpen && start > copied {
                    output += close.utf8
                    isOpen = false
                }
                guard instance else { return }
                if !isOpen {
                    output += bytes[copied..<start]
                    output += open.utf8
                    copied = start
                    isOpen = true
                }
                output += bytes[copied..<end]
                copied = end
            }
            if isOpen { output += close.utf8 }
            output += bytes[copied...]
            return String(decoding: output, as: UTF8.self)
        }
    }
}
