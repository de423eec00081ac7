import ArgumentParser
import Foundation

/// Output formats of `search` and `export`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, csv
}

/// JSON the way scripts want it: UTF-8, no escaped slashes, one document per line for JSONL.
enum JSONOutput {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func print<T: Encodable>(_ value: T, pretty: Bool) throws {
        let data = try encoder(pretty: pretty).encode(value)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
