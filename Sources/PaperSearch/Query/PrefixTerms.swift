/// Prefix terms as the user meant them.
///
/// FTS5 runs the text of `word*` through the index's tokenizer, porter stemmer included,
/// before it looks the prefix up: `gas*` becomes `ga*` (galaxy, game), `his*` becomes `hi*`
/// (high), `analy*` becomes `anali*` (which misses analyze). A prefix the stemmer changes is
/// therefore sent as the word itself (so `gas*` finds "gas") OR the prefix followed by each
/// letter (`"gasa"* OR ... OR "gasz"*`), each checked to pass the stemmer unchanged. That
/// matches the words that start with what was typed, and the few whose stem equals the typed
/// word's (the index holds "gas" and "GA" both as `ga`). It is also faster than the stemmed
/// prefix, which has no prefix index once cut to 2 letters: at 1M papers the benchmark's
/// prefix queries (two of twenty end in s) went from 1,058 / 1,271 ms at p95 / p99 to 60 / 73.
final class PrefixTerms {
    /// The index's tokenizer, for other query words too.
    let stemmer: FTS5Tokenizer
    private let folder: FTS5Tokenizer
    private var expressions: [String: String?] = [:]
    /// Continuations tried after a prefix the stemmer changes; accented letters fold to these
    /// (`remove_diacritics`), and digits or other scripts are rare inside a Latin word.
    private static let letters = Array("abcdefghijklmnopqrstuvwxyz").map(String.init)
    /// Characters added at most. Each level multiplies the OR'd terms, which FTS5 scores one
    /// by one: at 1M papers, `his* rareword` took 84 ms at p95 with three levels (181 terms).
    private static let levels = 2

    /// - Throws: ``SQLiteError`` when FTS5 lacks the tokenizers.
    init(database: Database) throws {
        let index = FTS5Tokenizer.index
        stemmer = try FTS5Tokenizer.forIndex(on: database)
        folder = try FTS5Tokenizer(index.arguments[0], arguments: Array(index.arguments.dropFirst()), database: database)
    }

    /// The FTS5 expression for `word*`, or nil when `"word"*` already means what was typed.
    func expression(for word: String) -> String? {
        if let known = expressions[word] { return known }
        let folded = folder.queryTokens(word, prefix: true)
        var result: String?
        // A prefix of several tokens (`multi-ag*`) is a phrase prefix; FTS5 keeps its meaning.
        if folded.count == 1, let base = folded.first, !passesUnchanged(base) {
            var parts = [FTSExpression.quote(base)]
            expand(base, level: 1, into: &parts)
            result = "(" + parts.joined(separator: " OR ") + ")"
        }
        expressions[word] = result
        return result
    }

    private func passesUnchanged(_ text: String) -> Bool {
        stemmer.queryTokens(text, prefix: true) == [text]
    }

    /// Adds each one-character continuation of `base` that the stemmer keeps as a prefix. One
    /// it changes (`hisy` becomes `hisi`) is added as a whole word, which finds that word's
    /// inflections, and continued once more: `analys` gives `analysi*`, which finds analysis.
    private func expand(_ base: String, level: Int, into parts: inout [String]) {
        for character in Self.letters {
            let longer = base + character
            if passesUnchanged(longer) {
                parts.append(FTSExpression.quote(longer) + "*")
            } else {
                parts.append(FTSExpression.quote(longer))
                if level < Self.levels { expand(longer, level: level + 1, into: &parts) }
            }
        }
    }
}
