import Foundation
@testable import PaperSearch

/// A generated corpus whose every query answer is known by construction: a small vocabulary
/// of words the Porter stemmer leaves distinct, and a reference evaluator that checks each
/// record directly, without SQLite.
struct ConstructedCorpus {
    struct Record {
        var id: String
        var title: [String]
        var abstract: [String]
        var author: String
        var categories: [String]
        var published: String
    }

    static let vocabulary = ["alpha", "bravo", "delta", "echo", "golf", "hotel",
                             "kilo", "lima", "oscar", "romeo", "sierra", "tango"]
    static let authors = ["Ana Diaz", "Bo Chen", "Carla Smith", "Dan Smith-Jones"]
    static let categories = ["cs.LG", "cs.AI", "math.PR", "hep-th", "cs"]

    let records: [Record]

    init(count: Int = 240, seed: UInt64 = 42) {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        records = (0..<count).map { i in
            let primary = Self.categories[next(Self.categories.count)]
            var categories = [primary]
            if next(3) == 0 {
                let cross = Self.categories[next(Self.categories.count)]
                if cross != primary { categories.append(cross) }
            }
            let year = 2015 + next(10)
            let month = 1 + next(12)
            return Record(
                id: String(format: "%02d%02d.%05d", year % 100, month, i),
                title: (0..<3).map { _ in Self.vocabulary[next(Self.vocabulary.count)] },
                abstract: (0..<8).map { _ in Self.vocabulary[next(Self.vocabulary.count)] },
                author: Self.authors[next(Self.authors.count)],
                categories: categories,
                published: String(format: "%04d-%02d-%02d", year, month, 1 + next(28)))
        }
    }

    /// The records as arXiv metadata JSON lines.
    var jsonLines: String {
        records.map { r in
            let parts = r.author.split(separator: " ")
            let object: [String: Any] = [
                "id": r.id, "title": r.title.joined(separator: " "), "abstract": r.abstract.joined(separator: " "),
                "categories": r.categories.joined(separator: " "),
                "authors_parsed": [[String(parts[1]), String(parts[0]), ""]],
                "versions": [["version": "v1", "created": Self.rfc2822(r.published)]],
            ]
            return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }.joined(separator: "\n")
    }

    private static func rfc2822(_ day: String) -> String {
        let parts = day.split(separator: "-").map { Int($0)! }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "Mon, \(parts[2]) \(months[parts[1] - 1]) \(parts[0]) 00:00:00 GMT"
    }

    /// The ids of the records for which `predicate` holds.
    func ids(where predicate: (Record) -> Bool) -> Set<String> {
        Set(records.filter(predicate).map(\.id))
    }
}

extension ConstructedCorpus.Record {
    var text: [[String]] { [title, abstract, author.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)] }

    func has(_ word: String) -> Bool { text.contains { $0.contains(word) } }

    func hasPhrase(_ a: String, _ b: String) -> Bool {
        text.contains { column in zip(column, column.dropFirst()).contains { $0 == a && $1 == b } }
    }

    /// FTS5 NEAR: both in one column with at most `distance` tokens between them.
    func near(_ a: String, _ b: String, _ distance: Int) -> Bool {
        text.contains { column in
            let pa = column.indices.filter { column[$0] == a }
            let pb = column.indices.filter { column[$0] == b }
            return pa.contains { i in pb.contains { j in i != j && abs(i - j) - 1 <= distance } }
        }
    }

    var year: Int { Int(published.prefix(4))! }
}
