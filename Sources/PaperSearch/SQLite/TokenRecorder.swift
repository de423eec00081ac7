import CSQLite

/// The tokens FTS5's tokenizer made of one text, as it handed them over.
///
/// Made on the ingest's reading thread (``TokenRecorder/record(_:)``) and replayed to FTS5
/// by ``FTS5TokenReplay`` on the writing thread.
struct TokenizedText: Sendable {
    /// One token: its bytes in ``bytes`` and the byte range of the text it came from.
    struct Token: Sendable {
        let start: Int32
        /// The bytes of text it came from, after `start`.
        let span: UInt16
        let length: UInt16
    }

    /// The text: its tokens are replayed only for the same bytes. It shares its storage
    /// with the paper's column.
    let text: String
    let bytes: [UInt8]
    let tokens: [Token]
}

/// Records the tokens of texts one after another, for one thread.
///
/// Tokens land in buffers kept from text to text, through a pointer: appending each token
/// to Swift arrays held by a class took 520 instructions a token, most of them checks of
/// exclusive access, more than the 460 of tokenizing it (callgrind, 20k papers).
final class TokenRecorder {
    private let tokenizer: FTS5Tokenizer
    /// A text with more tokens, or longer ones, is left to FTS5.
    private static let byteCapacity = 1 << 20
    private static let tokenCapacity = 1 << 17
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: TokenRecorder.byteCapacity)
    private let tokens = UnsafeMutablePointer<TokenizedText.Token>.allocate(capacity: TokenRecorder.tokenCapacity)

    /// What the tokenizer's callback writes to.
    private struct State {
        let bytes: UnsafeMutablePointer<UInt8>
        let tokens: UnsafeMutablePointer<TokenizedText.Token>
        var byteCount = 0
        var tokenCount = 0
        var replayable = true
    }

    /// - Parameter tokenizer: the index's tokenizer, used by this recorder alone.
    init(tokenizer: FTS5Tokenizer) {
        self.tokenizer = tokenizer
    }

    deinit {
        bytes.deallocate()
        tokens.deallocate()
    }

    /// The tokens of `text` as FTS5 indexes them; nil when the tokenizer marks a token (a
    /// synonym), makes an empty one or one over 65,535 bytes, or fails: replay does not
    /// reproduce those.
    func record(_ text: String) -> TokenizedText? {
        var state = State(bytes: bytes, tokens: tokens)
        var utf8 = text
        let code = utf8.withUTF8 { utf8 in
            withUnsafeMutablePointer(to: &state) { state in
                tokenizer.tokenize(utf8, flags: FTS5_TOKENIZE_DOCUMENT, context: state) { context, flags, token, length, start, end in
                    let state = context!.assumingMemoryBound(to: State.self)
                    let count = Int(length)
                    guard flags == 0, count > 0, count <= UInt16.max, let token, start >= 0, end >= start,
                          end - start <= UInt16.max, state.pointee.byteCount + count <= TokenRecorder.byteCapacity,
                          state.pointee.tokenCount < TokenRecorder.tokenCapacity else {
                        state.pointee.replayable = false
                        return SQLITE_OK
                    }
                    UnsafeMutableRawPointer(state.pointee.bytes + state.pointee.byteCount).copyMemory(from: token, byteCount: count)
                    state.pointee.tokens[state.pointee.tokenCount] = .init(start: start, span: UInt16(end - start),
                                                                          length: UInt16(count))
                    state.pointee.byteCount += count
                    state.pointee.tokenCount += 1
                    return SQLITE_OK
                }
            }
        }
        guard code == SQLITE_OK, state.replayable else { return nil }
        return TokenizedText(text: text, bytes: Array(UnsafeBufferPointer(start: bytes, count: state.byteCount)),
                             tokens: Array(UnsafeBufferPointer(start: tokens, count: state.tokenCount)))
    }
}
