import ArgumentParser
import Foundation
import PaperEval
import PaperSearch

/// Ingests BEIR-layout collections into temporary indexes, runs their judged queries as
/// `papers search --any`, and prints nDCG@10, Recall@100 and MRR@10 per ranking variant.
@main
struct PapersEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers-eval",
        abstract: "Measure ranking quality on BEIR-layout test collections.")

    @Argument(help: "Collection folders (corpus.jsonl, queries.jsonl, qrels/).")
    var folders: [String] = ["../shared/eval/cranfield", "../shared/eval/scifact"]

    @Option(help: "The qrels split to score.") var split = "train"
    @Option(help: "Write TREC run files of the evaluated variants into this folder.") var runs: String?
    @Flag(help: "Evaluate every variant, not only the default.") var variants = false
    @Option(help: "Evaluate the variants whose name contains this text.") var only: [String] = []

    func run() throws {
        var rows: [String] = ["| collection | variant | nDCG@10 | Recall@100 | MRR@10 |", "|---|---|---|---|---|"]
        var ran = false
        for folder in folders {
            guard let collection = try TestCollection(folder: folder, split: split) else {
                FileHandle.standardError.write(Data("skipping \(folder): not found\n".utf8))
                continue
            }
            ran = true
            let name = URL(fileURLWithPath: folder).lastPathComponent
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("papers-eval-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let index = try PaperIndex(path: directory.appendingPathComponent("index.db").path, access: .readWrite)
            _ = try index.ingest(files: [collection.corpus])

            let chosen = !only.isEmpty ? Variant.all.filter { v in only.contains { v.name.contains($0) } }
                : variants ? Variant.all : [Variant.all[0]]
            for variant in chosen {
                let evaluation = try Evaluation(collection: collection, index: index, configure: variant.configure)
                let s = evaluation.scores
                rows.append(String(format: "| %@ | %@ | %.3f | %.3f | %.3f |", name, variant.name, s.ndcg10, s.recall100, s.mrr10))
                if let runs {
                    try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
                    let file = variant.name == Variant.all[0].name ? name : "\(name)-\(variant.slug)"
                    try evaluation.trecRun(name: "papers").write(toFile: "\(runs)/\(file).run", atomically: true, encoding: .utf8)
                }
            }
        }
        if !ran {
            print("No collection found (looked in \(folders.joined(separator: ", "))); nothing to evaluate.")
            return
        }
        print(rows.joined(separator: "\n"))
    }
}

/// A ranking configuration to compare; the first is what `papers search --any` does.
struct Variant: Sendable {
    let name: String
    /// The name as a file name.
    var slug: String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "-" })
    }
    let configure: @Sendable (inout SearchRequest) -> Void

    static let all: [Variant] = [
        Variant(name: "default") { _ in },
        Variant(name: "FTS5 bm25 10/1/3 (the previous default)") { $0.anyOptions = .plain },
        Variant(name: "FTS5 bm25 1/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 1, abstract: 1, authors: 1) },
        Variant(name: "FTS5 bm25 2/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 2, abstract: 1, authors: 1) },
        Variant(name: "FTS5 bm25 3/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 3, abstract: 1, authors: 1) },
        Variant(name: "FTS5 bm25 5/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 5, abstract: 1, authors: 1) },
        Variant(name: "phrase bonus") { $0.anyOptions = AnyModeOptions(phraseBonus: true) },
        Variant(name: "PRF 10 docs, 10 words, λ 0.2") { $0.anyOptions = AnyModeOptions(feedback: .init(documents: 10, terms: 10, weight: 0.2)) },
        Variant(name: "PRF 10/10, λ 0.3") { $0.anyOptions = AnyModeOptions(feedback: .init(documents: 10, terms: 10, weight: 0.3)) },
        Variant(name: "PRF 10/10, λ 0.5") { $0.anyOptions = AnyModeOptions(feedback: .init(documents: 10, terms: 10, weight: 0.5)) },
        Variant(name: "PRF 5/10, λ 0.3") { $0.anyOptions = AnyModeOptions(feedback: .init(documents: 5, terms: 10, weight: 0.3)) },
        Variant(name: "PRF 10/20, λ 0.3") { $0.anyOptions = AnyModeOptions(feedback: .init(documents: 10, terms: 20, weight: 0.3)) },
        Variant(name: "rare half 0.3") { $0.anyOptions = AnyModeOptions(rareWords: 0.3) },
        Variant(name: "rare half 0.6") { $0.anyOptions = AnyModeOptions(rareWords: 0.6) },
        Variant(name: "rare half 1.0") { $0.anyOptions = AnyModeOptions(rareWords: 1.0) },
        Variant(name: "coverage 0.5") { $0.anyOptions = AnyModeOptions(coverage: 0.5) },
        Variant(name: "coverage 1") { $0.anyOptions = AnyModeOptions(coverage: 1) },
        Variant(name: "coverage 2") { $0.anyOptions = AnyModeOptions(coverage: 2) },
        Variant(name: "coverage 1 + PRF 10/10 λ 0.2") {
            $0.anyOptions = AnyModeOptions(feedback: .init(documents: 10, terms: 10, weight: 0.2), coverage: 1)
        },
    ] + fielded + combined

    /// The chosen BM25F setting with each re-ranking lever.
    static let combined: [Variant] = {
        let weights = RankingWeights.fielded
        func variant(_ name: String, _ options: AnyModeOptions) -> Variant {
            Variant(name: "bm25f* + \(name)") { $0.weights = weights; $0.anyOptions = options }
        }
        return [
            variant("plain", .plain),
            variant("starts 0.2", AnyModeOptions(wordStarts: 0.2)),
            variant("starts 0.4", AnyModeOptions(wordStarts: 0.4)),
            variant("starts 0.7", AnyModeOptions(wordStarts: 0.7)),
            variant("pairs 0.1", AnyModeOptions(pairs: 0.1)),
            variant("pairs 0.2", AnyModeOptions(pairs: 0.2)),
            variant("pairs 0.4", AnyModeOptions(pairs: 0.4)),
            variant("PRF 10/10 λ 0.2", AnyModeOptions(feedback: .init(documents: 10, terms: 10, weight: 0.2))),
            variant("PRF 10/10 λ 0.4", AnyModeOptions(feedback: .init(documents: 10, terms: 10, weight: 0.4))),
        ]
    }()

    /// BM25F over a grid of k1, b and title weight (abstract 1, authors 1).
    static let fielded: [Variant] = [0.9, 1.2, 1.6, 2.0].flatMap { k1 in
        [0.3, 0.5, 0.75].flatMap { b in
            [3.0, 5.0, 8.0].map { title in
                Variant(name: "bm25f k1 \(k1) b \(b) title \(title)") {
                    $0.anyOptions = .plain
                    $0.weights = RankingWeights(title: title, abstract: 1, authors: 1, formula: .fielded(k1: k1, b: b))
                }
            }
        }
    }
}
