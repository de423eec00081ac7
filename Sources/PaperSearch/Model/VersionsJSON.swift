import Foundation

/// Reads a paper's stored `versions` column: the JSON array an ingest writes for
/// ``Paper/versions`` (`[{"created":"2009-07-03","version":"v1"}]`).
///
/// Every hit of a page reads one. Through `JSONDecoder` a paper's versions took about 25,000
/// instructions, 3% of a two-word search at 1M papers and 6% of a rare word's (callgrind).
/// The arrays an ingest writes are read here in one pass over their bytes; any other text (an
/// escape, a `null`, another key, spaces) goes to `JSONDecoder`, so both read the same.
enum VersionsJSON {
    /// The versions in `text`; none when neither reader finds an array of versions there.
    static func decode(_ text: String) -> [Paper.Version] {
        plain(text) ?? (try? JSONDecoder().decode([Paper.Version].self, from: Data(text.utf8))) ?? []
    }

    /// The versions in `text` when it is in the plain form an ingest writes, else nil.
    static func plain(_ text: String) -> [Paper.Version]? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Plain(bytes: bytes)
            return reader.versions()
        }
    }

    /// A reader of the plain form: objects whose members are `"version"` and, optionally,
    /// `"created"`, in either order, with string values free of escapes, and no spaces.
    private struct Plain {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The versions, or nil when the text is not in the plain form.
        mutating func versions() -> [Paper.Version]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var versions: [Paper.Version] = []
            if !take(UInt8(ascii: "]")) {
                repeat {
                    guard let version = object() else { return nil }
                    versions.append(version)
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "]")) else { return nil }
            }
            return index == bytes.count ? versions : nil
        }

        private mutating func object() -> Paper.Version? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var version: String?, created: String?
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")), let value = string() else { return nil }
                switch key {
                case "version" where version == nil: version = value
                case "created" where created == nil: created = value
                default: return nil
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")), let version else { return nil }
            return Paper.Version(version: version, created: created)
        }

        /// A string without escapes or control characters.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
    }
}
