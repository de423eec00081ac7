import Foundation
import PaperSearch

/// A one-line progress display on stderr, redrawn at most ten times a second; silent when
/// stderr is not a terminal.
final class ProgressLine {
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private var stage = IngestStage.reading

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: IngestProgress) {
        guard enabled else { return }
        let now = Date()
        // A new stage is drawn at once: the steps after reading can take minutes.
        guard now.timeIntervalSince(lastDraw) >= 0.1 || progress.stage != stage else { return }
        lastDraw = now
        stage = progress.stage
        if let step = Self.steps[progress.stage] {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(progress.records) records read; \(step)...".utf8))
            drawn = true
            return
        }
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Int(Double(progress.records) / elapsed)
        var line = "\(progress.records) records, \(rate)/s"
        if progress.totalBytes > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(progress.totalBytes))
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let eta = fraction > 0 ? Int(elapsed / fraction - elapsed) : 0
            line = "[\(bar)] \(Int(fraction * 100))% \(line), \(progress.bytesRead >> 20)/\(progress.totalBytes >> 20) MiB, ETA \(eta) s"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        drawn = true
    }

    /// What the line says after the last record, while the ingest finishes.
    private static let steps: [IngestStage: String] = [
        .merging: "merging the index into one segment",
        .counting: "counting the common words",
        .ranking: "ranking the lists of frequent words",
    ]

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
