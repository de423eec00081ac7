import ArgumentParser
import Foundation
import PaperSearch

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a corpus, ingest it with papers and with the Python references, time every query kind.")

    @Option(help: "Papers in the generated corpus.") var papers = 100_000
    @Option(help: "Working directory for corpora and indexes.") var dir = "bench-out"
    @Option(help: "The papers executable to time.") var binary = ".build/release/papers"
    @Option(help: "Python with sqlite3, for the reference.") var python = "python3"
    @Option(help: "Rounds over the query set.") var rounds = 3
    @Flag(help: "Skip the Python reference loads (query and ingest ratios then are n/a).") var noReference = false
    @Flag(help: "Reuse the index of an earlier run and time only the queries (no ingest figures).") var reuse = false
    @Option(help: "Rank with FTS5's bm25 (fts5) or BM25F (fielded), to compare their cost.") var formula: Formula?
    @Option(help: "Time only this query kind (repeatable), e.g. --kind term-rare.") var kind: [String] = []

    enum Formula: String, ExpressibleByArgument {
        case fts5, fielded
    }

    func run() throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let corpus = "\(dir)/corpus-\(papers).jsonl"
        let increment = "\(dir)/increment-\(papers).jsonl"
        var generator = CorpusGenerator()
        if !fileManager.fileExists(atPath: corpus) || !fileManager.fileExists(atPath: increment) {
            log("generating \(papers) papers (+\(papers / 10) for the incremental load)...")
            try generator.write(count: papers, to: corpus)
            try generator.write(count: papers / 10, to: increment)
        }
        let corpusBytes = (try fileManager.attributesOfItem(atPath: corpus)[.size] as? Int) ?? 0
        var report = Report(papers: papers, corpusBytes: corpusBytes, machine: Self.machine(), date: Self.today())

        // Ours: the papers binary, as a user runs it.
        let database = "\(dir)/papers-\(papers).db"
        if !(reuse && fileManager.fileExists(atPath: database)) {
            for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: database + suffix) }
            log("papers ingest...")
            let ingest = try ChildProcess.run(binary, ["ingest", "--quiet", "--db", database, corpus])
            guard ingest.status == 0 else { throw BenchError("papers ingest failed (\(ingest.status))") }
            report.ingest = Report.Ingest(docsPerSecond: Double(papers) / ingest.seconds,
                                          megabytesPerSecond: Double(corpusBytes) / 1_048_576 / ingest.seconds,
                                          seconds: ingest.seconds, peakRSSMegabytes: Double(ingest.peakRSS) / 1_048_576)
            let incremental = try ChildProcess.run(binary, ["ingest", "--quiet", "--db", database, increment])
            report.incrementalDocsPerSecond = Double(papers / 10) / incremental.seconds
            // A 10% load leaves the word lists unranked (TermImpacts.rankShare); a user who
            // wants one-word searches fast again runs optimize, and so do we, timed apart.
            log("papers optimize...")
            let optimize = try ChildProcess.run(binary, ["optimize", "--db", database])
            guard optimize.status == 0 else { throw BenchError("papers optimize failed (\(optimize.status))") }
            report.optimizeSeconds = optimize.seconds
        }

        let index = try PaperIndex(path: database, access: .readOnly)
        report.indexBytes = [database, database + "-wal"].reduce(0) { total, file in
            total + ((try? fileManager.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        report.rawTextBytes = try index.rawTextBytes()

        // The Python references, same SQLite, same schema, same corpus, in this run.
        var referenceQueries: [String: Percentiles] = [:]
        let queries = QuerySet(vocabulary: generator.vocabulary, kinds: kind)
        // The pasted abstracts as FTS5 reads them (stop words dropped, words ORed), for peers
        // outside SQLite (Benchmarks/tantivy_any.py).
        let pasted = try queries.queries.filter { $0.kind == "any-pasted" }.compactMap { query -> [String: String]? in
            try index.explain(query.request).match.map { ["kind": query.kind, "match": $0] }
        }
        if !pasted.isEmpty {
            try JSONSerialization.data(withJSONObject: pasted).write(to: URL(fileURLWithPath: "\(dir)/any-queries.json"))
        }
        if !noReference && !reuse {
            let script = "Benchmarks/reference.py"
            for mode in ["triggers", "direct"] {
                let path = "\(dir)/ref-\(mode)-\(papers).db"
                for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: path + suffix) }
                log("reference load (\(mode))...")
                let result = try ChildProcess.run(python, [script, "load", corpus, path, mode])
                let docs = try Self.jsonNumber(result.stdout, "docs_per_s")
                if mode == "triggers" {
                    report.referenceTriggersDocsPerSecond = docs
                    let more = try ChildProcess.run(python, [script, "load", increment, path, mode, "--append"])
                    report.referenceIncrementalDocsPerSecond = try Self.jsonNumber(more.stdout, "docs_per_s")
                } else {
                    report.referenceDirectDocsPerSecond = docs
                }
            }
            let textQueries = try queries.queries.filter { $0.request.mode == .all && $0.request.facets.isEmpty }
                .compactMap { query -> [String: String]? in
                    let explanation = try index.explain(query.request)
                    guard let match = explanation.match, explanation.conditions.isEmpty else { return nil }
                    return ["kind": query.kind, "match": match]
                }
            let queryFile = "\(dir)/queries.json"
            try JSONSerialization.data(withJSONObject: textQueries).write(to: URL(fileURLWithPath: queryFile))
            log("reference queries...")
            let result = try ChildProcess.run(python, [script, "query", "\(dir)/ref-direct-\(papers).db", queryFile, String(rounds)])
            referenceQueries = try JSONDecoder().decode([String: Percentiles].self, from: Data(result.stdout.utf8))
        }

        // In-library latency per kind, snippets included, after one warm-up round.
        log("queries...")
        var samples: [String: [Double]] = [:]
        var totals: [String: [Int]] = [:]
        for round in 0...rounds {
            for var query in queries.queries {
                switch formula {
                case .fts5?: query.request.weights.formula = .fts5
                case .fielded?: query.request.weights.formula = .fielded(k1: 1.2, b: 0.75)
                case nil: break
                }
                let started = DispatchTime.now().uptimeNanoseconds
                let results = try index.search(query.request)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                if round > 0 { samples[query.kind, default: []].append(elapsed) }
                if round == 0 { totals[query.kind, default: []].append(results.total) }
            }
        }
        report.queries = queries.kinds.map { kind in
            let selective = queries.queries.first { $0.kind == kind }?.selective ?? false
            let matches = totals[kind] ?? []
            return Report.QueryKind(kind: kind, selective: selective, latency: Percentiles(samples[kind] ?? []),
                                    reference: referenceQueries[kind],
                                    medianMatches: matches.sorted()[matches.count / 2])
        }

        // One `papers search` process, end to end.
        var endToEnd: [Double] = []
        for i in 0..<15 {
            let word = generator.vocabulary[300 + i]
            let result = try ChildProcess.run(binary, ["search", "--db", database, word, "--json"])
            endToEnd.append(result.seconds * 1000)
        }
        report.endToEndMilliseconds = Percentiles(endToEnd).p50

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(report)
        try json.write(to: URL(fileURLWithPath: "\(dir)/result-\(papers).json"))
        print(report.table)
        print("JSON: \(dir)/result-\(papers).json")
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func jsonNumber(_ text: String, _ key: String) throws -> Double {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let number = object[key] as? NSNumber else { throw BenchError("unexpected reference output: \(text)") }
        return number.doubleValue
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)"
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
