import Foundation

/// One benchmark run: our figures and, where the reference could run the same work, the ratio.
struct Report: Encodable {
    struct Ingest: Encodable {
        var docsPerSecond: Double
        var megabytesPerSecond: Double
        var seconds: Double
        var peakRSSMegabytes: Double
    }

    struct QueryKind: Encodable {
        var kind: String
        var selective: Bool
        var latency: Percentiles
        var reference: Percentiles?
        var medianMatches: Int
    }

    var papers: Int
    var corpusBytes: Int
    var machine: String
    var date: String
    var ingest: Ingest?
    var incrementalDocsPerSecond: Double?
    /// `papers optimize` after the incremental load (the queries run after it).
    var optimizeSeconds: Double?
    var referenceTriggersDocsPerSecond: Double?
    var referenceDirectDocsPerSecond: Double?
    var referenceIncrementalDocsPerSecond: Double?
    var indexBytes = 0
    var rawTextBytes = 0
    var queries: [QueryKind] = []
    var endToEndMilliseconds = 0.0

    private func ratio(_ ours: Double?, _ reference: Double?) -> String {
        guard let ours, let reference, reference > 0 else { return "n/a" }
        return String(format: "%.2f×", ours / reference)
    }

    private func ms(_ value: Double) -> String { String(format: "%.2f", value) }

    var table: String {
        var lines: [String] = []
        lines.append("papers-bench: \(papers) generated papers (\(corpusBytes / 1_048_576) MB), \(machine), \(date)")
        lines.append("")
        lines.append("| ingest | value | vs (a) triggers | vs (b) direct |")
        lines.append("|---|---|---|---|")
        if let ingest {
            lines.append("| docs/s | \(Int(ingest.docsPerSecond)) | \(ratio(ingest.docsPerSecond, referenceTriggersDocsPerSecond)) | \(ratio(ingest.docsPerSecond, referenceDirectDocsPerSecond)) |")
            lines.append("| MB/s | \(String(format: "%.1f", ingest.megabytesPerSecond)) | | |")
            lines.append("| peak RSS | \(Int(ingest.peakRSSMegabytes)) MB | | |")
        }
        if let incrementalDocsPerSecond {
            lines.append("| incremental docs/s (+10%) | \(Int(incrementalDocsPerSecond)) | \(ratio(incrementalDocsPerSecond, referenceIncrementalDocsPerSecond)) | |")
        }
        if let optimizeSeconds {
            lines.append("| `papers optimize` after it | \(String(format: "%.1f s", optimizeSeconds)) | | |")
        }
        lines.append("| index / raw text | \(String(format: "%.2f", Double(indexBytes) / Double(max(rawTextBytes, 1))))× (\(indexBytes / 1_048_576) MB / \(rawTextBytes / 1_048_576) MB) | | |")
        lines.append("| `papers search` process, median | \(ms(endToEndMilliseconds)) ms | | |")
        lines.append("")
        lines.append("| query kind | median matches | p50 ms | p95 ms | p99 ms | reference p50 ms | p50 ratio |")
        lines.append("|---|---|---|---|---|---|---|")
        for query in queries {
            let reference = query.reference.map { ms($0.p50) } ?? "n/a"
            let ratio = query.reference.map { String(format: "%.2f×", query.latency.p50 / max($0.p50, 0.001)) } ?? "n/a"
            lines.append("| \(query.kind)\(query.selective ? "" : " †") | \(query.medianMatches) | \(ms(query.latency.p50)) | \(ms(query.latency.p95)) | \(ms(query.latency.p99)) | \(reference) | \(ratio) |")
        }
        lines.append("")
        lines.append("† no term in fewer than 10% of papers (outside the 2 ms / 25 ms target). p50 ratio: ours / reference (lower is better).")
        return lines.joined(separator: "\n")
    }
}
