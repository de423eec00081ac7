/// A lexical token of the query language, with the character offset it starts at.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        /// A run of text: a word such as `multi-agent`, `COVID-19`, `quant*` or `hep-th/9901001`.
        case word(String)
        /// Text in double quotes; `terminated` is false when the closing quote was missing.
        case phrase(String, terminated: Bool)
        /// `field:` directly followed by its value.
        case field(String)
        case openParen
        case closeParen
        case and
        case or
        /// `NOT` or a `-` directly before a word, phrase or group.
        case not
        /// `NEAR/5` between two terms.
        case nearOperator(Int)
        /// `NEAR(` opening a proximity group.
        case nearGroup
        /// `,` (only meaningful inside `NEAR(...)`).
        case comma
    }

    var kind: Kind
    /// 0-based offset, in characters, of the token in the query text.
    var position: Int
}
