import Foundation

/// Deterministic arXiv-shaped papers: a Zipf-distributed vocabulary (so term statistics look
/// like real abstracts), 150–250-word abstracts, 6–14-word titles, 1–6 authors, 1–3
/// categories, publication dates 2007–2024, unique new-style ids.
struct CorpusGenerator {
    static let common = """
        the of and to in a is that for we with on are by this as be an from which our at it can these \
        model results method data using show based approach network learning models two also paper study \
        new proposed problem performance time analysis system methods function used between has than such \
        its high large propose neural training algorithm graph quantum field energy different order well \
        first structure their information both framework here present where one into distribution over \
        across when more not only how under while via linear optimal theory set dynamics state low space \
        may all find other demonstrate improve significant effect
        """.split(separator: " ").map(String.init)
    static let firstNames = ["Alice", "Bob", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
                             "Kaori", "Lars", "Maria", "Nikhil", "Olga", "Pablo", "Qing", "Rosa", "Sven", "Tariq",
                             "Wei", "Xin", "Yusuf", "José", "François", "Søren"]
    static let lastNames = ["Smith", "Müller", "Wang", "Ivanov", "García", "Kim", "Nguyen", "Rossi", "Dubois",
                            "Kowalski", "Tanaka", "Singh", "Johansson", "Okafor", "Silva", "Cohen", "Novak",
                            "Yilmaz", "Li", "Zhang", "Brown", "Nakamura", "Fernández", "Petrov", "Haddad"]
    static let categories: [String] = {
        let archives = ["cs", "math", "stat", "physics"]
        let subjects = ["LG", "AI", "CL", "CV", "DS", "CO", "PR", "ST", "ML", "OC", "IT", "CR", "RO", "IR"]
        return archives.flatMap { a in subjects.map { "\(a).\($0)" } }
            + ["quant-ph", "hep-th", "hep-ph", "gr-qc", "cond-mat.str-el", "astro-ph.CO"]
    }()
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The vocabulary, most frequent first: the common words, then made-up words.
    let vocabulary: [String]
    /// Cumulative Zipf weights (exponent 1.07) over ``vocabulary``.
    private let cumulative: [Double]
    private var random: SplitMix64
    /// Papers issued so far per year-month, for unique `YYMM.NNNNN` ids.
    private var issued: [Int: Int] = [:]

    init(seed: UInt64 = 7, size: Int = 60_000) {
        var random = SplitMix64(seed: seed)
        let onsets = "b c d f g h k l m n p r s t v w z br cr dr fr gr pr tr st sp pl cl fl gl sl ch sh th qu".split(separator: " ")
        let vowels = "a e i o u ai ea ee io ou y".split(separator: " ")
        let codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ng", "ct"]
        let suffixes = ["", "", "", "tion", "ic", "al", "ous", "ive", "ity", "ment", "ing", "ed", "s", "er"]
        var seen = Set(Self.common)
        var words = Self.common
        while words.count < size {
            var word = ""
            for _ in 0..<(1 + Int(random.next() % 3)) {
                word += onsets[Int(random.next() % UInt64(onsets.count))]
                word += vowels[Int(random.next() % UInt64(vowels.count))]
                word += codas[Int(random.next() % UInt64(codas.count))]
            }
            word += suffixes[Int(random.next() % UInt64(suffixes.count))]
            if (3...14).contains(word.count), seen.insert(word).inserted { words.append(word) }
        }
        vocabulary = words
        var total = 0.0
        cumulative = (0..<words.count).map { rank in
            total += 1 / pow(Double(rank + 1), 1.07)
            return total
        }
        self.random = random
    }

    /// A vocabulary rank drawn from the Zipf distribution, from `offset` on.
    private mutating func rank(from offset: Int = 0) -> Int {
        let low = offset == 0 ? 0 : cumulative[offset - 1]
        let target = low + Double(random.next() >> 11) / Double(1 << 53) * (cumulative[cumulative.count - 1] - low)
        var lo = offset, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private mutating func pick<T>(_ list: [T]) -> T {
        list[Int(random.next() % UInt64(list.count))]
    }

    /// The next paper as one JSON line (Kaggle arXiv metadata shape).
    mutating func record() -> String {
        let wordCount = 150 + Int(random.next() % 101)
        var sentences: [String] = []
        var produced = 0
        while produced < wordCount {
            let length = min(12 + Int(random.next() % 14), wordCount - produced)
            let words = (0..<length).map { _ in vocabulary[rank()] }
            produced += length
            sentences.append(words.joined(separator: " ").capitalizedFirst + ".")
        }
        let title = (0..<(6 + Int(random.next() % 9))).map { _ in vocabulary[rank(from: 200)] }
            .joined(separator: " ").capitalizedFirst
        let authors = (0..<(1 + Int(random.next() % 6))).map { _ in (pick(Self.firstNames), pick(Self.lastNames)) }
        var cats: [String] = []
        for _ in 0..<(1 + Int(random.next() % 3)) {
            let category = pick(Self.categories)
            if !cats.contains(category) { cats.append(category) }
        }
        let year = 2007 + Int(random.next() % 18), month = 1 + Int(random.next() % 12)
        let number = issued[year * 100 + month, default: 0] + 1
        issued[year * 100 + month] = number
        let id = String(format: "%02d%02d.%05d", year % 100, month, number)
        let object: [String: Any] = [
            "id": id,
            "submitter": "\(authors[0].0) \(authors[0].1)",
            "authors": authors.map { "\($0.0) \($0.1)" }.joined(separator: ", "),
            "title": title, "comments": NSNull(), "journal-ref": NSNull(), "doi": NSNull(),
            "categories": cats.joined(separator: " "), "abstract": sentences.joined(separator: " "),
            "versions": [["version": "v1", "created": "Mon, 3 \(Self.months[month - 1]) \(year) 10:00:00 GMT"]],
            "update_date": String(format: "%04d-%02d-03", year, month),
            "authors_parsed": authors.map { [$0.1, $0.0, ""] },
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes the next `count` papers to `path` as JSON lines.
    mutating func write(count: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot write \(path)")
        }
        var chunk = ""
        for _ in 0..<count {
            chunk += record() + "\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
        try handle.close()
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// SplitMix64: small, fast, seeded, the same on every platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
