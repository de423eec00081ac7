import CSQLite

/// FTS5's `highlight()` for queries whose phrases are single words or prefixes, computed from
/// the text the page already holds instead of looking each paper up in FTS5.
///
/// A paper known to match has, as a phrase instance, every token in a searched column that
/// equals a phrase's token. `highlight()` finds those instances by a rowid lookup in FTS5
/// (about 0.1 ms a paper at 1M papers, a millisecond a page), then tokenizes the column text
/// and marks them. This tokenizes the same text with the same tokenizer and marks the same
/// tokens, with `highlight()`'s rules for where a mark opens and closes, so the output is the
/// same, marker for marker (tests compare the two).
struct WordHighlighter {
    /// Each phrase's token, the columns it is searched in (nil: all), and whether it is a
    /// prefix (`"dast"*`), whose instances are the tokens that start with its token.
    let phrases: [(token: [UInt8], columns: Set<Int>?, prefix: Bool)]
    /// For each column (``TextField`` order), a scan for the tokens searched in it.
    private let scans: [TokenScan]

    /// The highlighter of `plan` when its phrases are all single words (each plain or in
    /// one field), else nil.
    init?(_ plan: QueryPlan, tokenizer: FTS5Tokenizer) {
        guard plan.conjunctWords != nil else { return nil }
        self.init(expressionOf: plan, tokenizer: tokenizer)
    }

    /// The highlighter of `plan` when every phrase of its expression, in any AND and OR
    /// groups, is one token or the prefix of one, and `highlight()` marks each instance of
    /// each (no NEAR group, nothing excluded); else nil.
    ///
    /// In a paper that matches, FTS5 reports the instances of every phrase the paper holds,
    /// whichever branch of an OR matched it. A prefix the stemmer changes is searched as up
    /// to 54 phrases (``PrefixTerms``), and a lookup set them all up again for each paper: at
    /// 1M papers `highlight()` took 51 ms for a page of `das* sakeafaimity`.
    init?(expressionOf plan: QueryPlan, tokenizer: FTS5Tokenizer) {
        guard plan.marksEveryInstance, let match = plan.match, let expression = FTSPhrase.phrases(in: match),
              !expression.isEmpty else { return nil }
        var phrases: [(token: [UInt8], columns: Set<Int>?, prefix: Bool)] = []
        for phrase in expression {
            let tokens = tokenizer.queryTokens(phrase.text, prefix: phrase.prefix)
            guard tokens.count == 1 else { return nil }
            var columns: Set<Int>?
            if let names = phrase.columns {
                let numbers = names.map { name in TextField.allCases.firstIndex { $0.rawValue == name } }
                guard numbers.allSatisfy({ $0 != nil }) else { return nil }
                columns = Set(numbers.compactMap { $0 })
            }
            phrases.append((Array(tokens[0].utf8), columns, phrase.prefix))
        }
        self.phrases = phrases
        scans = TextField.allCases.indices.map { column in
            TokenScan(tokenizer: tokenizer, wanted: phrases.filter { $0.columns?.contains(column) ?? true }.map(\.token))
        }
    }

    /// `text` (column `column`) with its instances highlighted: the ranges `highlight()`'s
    /// marks would enclose, as scalar offsets (what ``HighlightedText/init(marked:open:close:)``
    /// reads back from them, without writing and parsing the marked text).
    func highlight(_ text: String, column: Int) -> HighlightedText {
        let wanted = phrases.filter { $0.columns?.contains(column) ?? true }
        guard !wanted.isEmpty else { return HighlightedText(text: text) }
        var utf8 = text
        let ranges: [Range<Int>] = utf8.withUTF8 { bytes in
            // Marks as byte ranges first.
            var marks: [Range<Int>] = []
            var copied = 0
            var opened: Int?
            let ascii = scans[column].forEachToken(in: bytes, flags: FTS5_TOKENIZE_AUX) { token, start, end in
                // As fts5HighlightCb: an open mark closes at the first token that does not
                // abut the text copied so far; an instance opens one unless one is open.
                if let from = opened, start > copied {
                    marks.append(from..<copied)
                    opened = nil
                }
                guard let token,
                      wanted.contains(where: { $0.prefix ? token.starts(with: $0.token) : $0.token.elementsEqual(token) })
                else { return }
                if opened == nil { opened = start }
                copied = end
            }
            if let from = opened { marks.append(from..<copied) }
            // Then as scalar offsets: the scalars before a byte offset are the bytes before it
            // that start one (every byte, in ASCII text).
            var scalars = 0
            var counted = 0
            func scalarOffset(_ byte: Int) -> Int {
                guard !ascii else { return byte }
                while counted < byte {
                    if bytes[counted] & 0xC0 != 0x80 { scalars += 1 }
                    counted += 1
                }
                return scalars
            }
            return marks.compactMap { mark in
                let lower = scalarOffset(mark.lowerBound)
                let upper = scalarOffset(mark.upperBound)
                return lower < upper ? lower..<upper : nil
            }
        }
        return HighlightedText(text: text, ranges: ranges)
    }
}
