import Foundation

/// A test collection in BEIR layout: `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`.
public struct TestCollection: Sendable {
    /// The folder it was read from.
    public let folder: String
    /// Query id → query text, for the queries that have judgements.
    public let queries: [(id: String, text: String)]
    /// Query id → document id → graded relevance.
    public let judgements: [String: [String: Int]]

    /// The corpus file, for ingest.
    public var corpus: String { folder + "/corpus.jsonl" }

    /// Reads a collection. Returns nil when the folder is absent (the data lives outside the
    /// repository), so callers can skip cleanly.
    ///
    /// - Throws: when the folder exists but its files cannot be read.
    public init?(folder: String, split: String = "train") throws {
        guard FileManager.default.fileExists(atPath: folder + "/corpus.jsonl") else { return nil }
        self.folder = folder
        var judgements: [String: [String: Int]] = [:]
        let qrels = try String(contentsOfFile: "\(folder)/qrels/\(split).tsv", encoding: .utf8)
        for (number, line) in qrels.split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, let score = Int(fields[2]) else {
                if number == 0 { continue }  // the header row
                throw EvalError("\(folder)/qrels/\(split).tsv:\(number + 1): expected query-id, corpus-id, score")
            }
            judgements[fields[0], default: [:]][fields[1]] = score
        }
        self.judgements = judgements
        var queries: [(String, String)] = []
        let lines = try String(contentsOfFile: folder + "/queries.jsonl", encoding: .utf8).split(separator: "\n")
        for line in lines {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = object["_id"] as? String, let text = object["text"] as? String else { continue }
            if judgements[id] != nil { queries.append((id, text)) }
        }
        self.queries = queries
    }
}

/// An evaluation that cannot run.
public struct EvalError: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    public let description: String

    /// Creates an error with its message.
    public init(_ description: String) { self.description = description }
}
