import CSQLite

/// A column's tokens as the index's tokenizer makes them (`porter unicode61 remove_diacritics
/// 2`), tokenizing only those that can be wanted.
///
/// Highlighting a page and scoring papers from their text tokenized every token of every
/// column: a sixth of a rare word's search at 1M papers. In ASCII text, unicode61's tokens are
/// the runs of letters and digits, and the porter stemmer keeps a token's first letter (its
/// rules change only a token's end, after a stem of at least one letter). So a run whose first
/// letter, folded, starts no wanted token is no instance of one, and is given untokenized.
/// Text with any other character is tokenized whole.
struct TokenScan {
    let tokenizer: FTS5Tokenizer
    /// Whether an ASCII byte (a lowercase letter or a digit) starts a wanted token.
    private let firsts: [Bool]

    /// A scan with `tokenizer` (the index's) for tokens equal to or starting with `wanted`.
    init(tokenizer: FTS5Tokenizer, wanted: some Sequence<[UInt8]>) {
        self.tokenizer = tokenizer
        var firsts = [Bool](repeating: false, count: 128)
        for token in wanted {
            if let first = token.first, first < 0x80 { firsts[Int(first)] = true }
        }
        self.firsts = firsts
    }

    /// Calls `body` with each token of `text` in order: its bytes as FTS5 makes them for
    /// `flags`, or nil for a token that starts with no wanted token's first letter, and its
    /// byte range in `text`.
    ///
    /// - Returns: whether the text was ASCII (each byte one scalar).
    @discardableResult
    func forEachToken(in text: UnsafeBufferPointer<UInt8>, flags: Int32,
                      _ body: (_ token: UnsafeRawBufferPointer?, _ start: Int, _ end: Int) -> Void) -> Bool {
        withoutActuallyEscaping(body) { body in
            // One context for all the runs: a closure made for each run, handed to the
            // tokenizer as an escaping one, was allocated and freed each time (about 400
            // runs of a page's highlights).
            var run = Run(body: body)
            return withUnsafeMutablePointer(to: &run) { run -> Bool in
                guard text.allSatisfy({ $0 < 0x80 }) else {
                    _ = tokenizer.tokenize(text, flags: flags, context: run, callback: Self.token)
                    return false
                }
                var index = 0
                while index < text.count {
                    guard Self.isTokenCharacter(text[index]) else { index += 1; continue }
                    let start = index
                    while index < text.count, Self.isTokenCharacter(text[index]) { index += 1 }
                    let first = text[start] | (text[start] >= 0x41 && text[start] <= 0x5A ? 0x20 : 0)
                    guard firsts[Int(first)] else { body(nil, start, index); continue }
                    run.pointee.offset = start
                    _ = tokenizer.tokenize(UnsafeBufferPointer(rebasing: text[start..<index]), flags: flags, context: run,
                                           callback: Self.token)
                }
                return true
            }
        }
    }

    /// What the tokenizer's callback reaches: the caller's body, and where the run being
    /// tokenized starts in the text.
    private struct Run {
        let body: (_ token: UnsafeRawBufferPointer?, _ start: Int, _ end: Int) -> Void
        var offset = 0
    }

    /// The tokenizer's callback: each token but the colocated ones (synonyms), to the body.
    private static let token: FTS5Tokenizer.TokenCallback = { context, flags, token, length, start, end in
        guard let context, flags & FTS5_TOKEN_COLOCATED == 0 else { return SQLITE_OK }
        let run = context.assumingMemoryBound(to: Run.self)
        run.pointee.body(UnsafeRawBufferPointer(start: token, count: Int(length)),
                         run.pointee.offset + Int(start), run.pointee.offset + Int(end))
        return SQLITE_OK
    }

    /// Whether unicode61 keeps the ASCII `byte` in a token: letters and digits.
    @inline(__always)
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }
}
