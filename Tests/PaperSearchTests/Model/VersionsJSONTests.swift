import Foundation
import Testing
@testable import PaperSearch

@Suite struct VersionsJSONTests {
    /// What an ingest writes (``PaperColumns``'s encoder), read back without `JSONDecoder`.
    @Test(arguments: [
        [],
        [Paper.Version(version: "v1", created: "2009-07-03")],
        [Paper.Version(version: "v1", created: "2009-07-03"), Paper.Version(version: "v2", created: nil),
         Paper.Version(version: "v10", created: "2011-01-31")],
        [Paper.Version(version: "v1", created: "Mon, 2 Apr 2007 19:18:42 GMT")],
        [Paper.Version(version: "versión ü", created: "")],
    ])
    func readsWhatAnIngestWrites(versions: [Paper.Version]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(versions), as: UTF8.self)
        #expect(VersionsJSON.plain(text) == versions)
        #expect(VersionsJSON.decode(text) == versions)
    }

    /// Every other text is read as `JSONDecoder` reads it, the plain reader declining what it
    /// does not read exactly so.
    @Test(arguments: [
        #"[{"version":"v1","created":"2009-07-03"}]"#,
        #"[{"created":"2009-07-03","version":"v1","extra":"x"}]"#,
        #"[{"created":null,"version":"v1"}]"#,
        #"[{"created":"2009\/07\/03","version":"v1"}]"#,
        #"[{"created":"a\"b","version":"v\u00e9"}]"#,
        #"[ {"version":"v1"} ]"#,
        #"[{"version":"v1"},]"#,
        #"[{"version":"v1","version":"v2"}]"#,
        #"[{"created":"2009-07-03"}]"#,
        #"[{"version":1}]"#,
        #"[{}]"#,
        #"[]"#,
        #"[] "#,
        #"[{"version":"v1"}"#,
        #"[{"version":"v1}]"#,
        #"{"version":"v1"}"#,
        "",
        "not json",
    ])
    func readsOtherTextAsJSONDecoderDoes(text: String) {
        let decoded = (try? JSONDecoder().decode([Paper.Version].self, from: Data(text.utf8))) ?? []
        #expect(VersionsJSON.decode(text) == decoded)
        if let plain = VersionsJSON.plain(text) { #expect(plain == decoded) }
    }
}
