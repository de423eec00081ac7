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
    @Option(help: "Write TREC run files of the default variant into this folder.") var runs: String?
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
                if variant.name == Variant.all[0].name, let runs {
                    try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
                    try evaluation.trecRun(name: "papers").write(toFile: "\(runs)/\(name).run", atomically: true, encoding: .utf8)
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
    let configure: @Sendable (inout SearchRequest) -> Void

    static let all: [Variant] = [
        Variant(name: "default") { _ in },
        Variant(name: "plain OR, weights 10/1/3") { $0.anyOptions = .plain },
        Variant(name: "weights 1/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 1, abstract: 1, authors: 1) },
        Variant(name: "weights 2/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 2, abstract: 1, authors: 1) },
        Variant(name: "weights 3/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 3, abstract: 1, authors: 1) },
        Variant(name: "weights 5/1/1") { $0.anyOptions = .plain; $0.weights = RankingWeights(title: 5, abstract: 1, authors: 1) },
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
    ]
}
