import Testing
@testable import PaperSearch

@Suite struct TokenRecorderTests {
    @Test func recordedTokensAreTheTokenizersOwn() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.path("recorder.db"), mode: .readWriteCreate)
        let replay = try FTS5TokenReplay.install(on: database)
        let recorder = TokenRecorder(tokenizer: try replay.makeTokenizer(database: database))
        // SQLite's tokenizer on a connection without the replay's wrapper.
        let reference = try FTS5Tokenizer.forIndex(on: try Database(path: ":memory:", mode: .readWriteCreate))
        for text in ["Running dogs RAN über Ærø", "", "  x  ", "Schrödinger's café, naïve résumé 3d-printing",
                     String(repeating: "tokens ", count: 5_000)] {
            let recorded = try #require(recorder.record(text))
            let tokens = recorded.tokens.reduce(into: (offset: 0, words: [String]())) { state, token in
                let bytes = recorded.bytes[state.offset..<(state.offset + Int(token.length))]
                state.words.append(String(decoding: bytes, as: UTF8.self))
                state.offset += Int(token.length)
            }.words
            #expect(tokens == reference.documentTokens(text), "\(text.prefix(40))")
            #expect(recorded.text == text)
        }
    }
}
