import Foundation

extension PaperIndex {
    /// Records per transaction unless the caller says otherwise.
    public static let defaultBatchSize = 5_000

    /// Reads papers from files into the index, streaming, in batched transactions.
    ///
    /// Each batch of `batchSize` records is one transaction, so an interrupted ingest keeps
    /// every batch committed before it stopped. Records that cannot be read are passed to
    /// `onProblem` and skipped; the rest goes in.
    ///
    /// - Parameters:
    ///   - files: paths to read; `-` is standard input.
    ///   - format: the input format, or nil to detect it from each file's content.
    ///   - onProblem: called for each rejected record.
    ///   - onProgress: called after each batch and at the end of each file.
    /// - Returns: counts of added, updated, unchanged and rejected records.
    /// - Throws: ``IngestError`` when a file cannot be read; ``SQLiteError`` when writing fails.
    ///   Batches committed before the error stay in the index.
    public func ingest(
        files: [String],
        format: InputFormat? = nil,
        batchSize: Int = PaperIndex.defaultBatchSize,
        onProblem: (IngestProblem) -> Void = { _ in },
        onProgress: (IngestProgress) -> Void = { _ in }
    ) throws -> IngestSummary {
        let started = Date()
        let fileManager = FileManager.default
        var totalBytes = 0
        for path in files where path != "-" {
            guard fileManager.isReadableFile(atPath: path) else {
                let reason = fileManager.fileExists(atPath: path) ? "permission denied" : "no such file"
                throw IngestError.cannotOpen(path: path, reason: reason)
            }
            totalBytes += (try? fileManager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }

        let writer = try IndexWriter(database: database)
        var summary = IngestSummary()
        var bytesBefore = 0
        for path in files {
            let lines = try LineReader(path: path)
            let reader = try Self.reader(for: lines, format: format)
            var inBatch = 0
            try database.execute("BEGIN IMMEDIATE")
            do {
                while let record = try reader.next() {
                    switch record {
                    case .rejected(let problem):
                        summary.rejected += 1
                        onProblem(problem)
                    case .paper(let paper, _):
                        switch try writer.write(paper) {
                        case .added: summary.added += 1
                        case .updated: summary.updated += 1
                        case .unchanged: summary.unchanged += 1
                        }
                    }
                    inBatch += 1
                    if inBatch >= batchSize {
                        try database.execute("COMMIT; BEGIN IMMEDIATE")
                        inBatch = 0
                        onProgress(IngestProgress(path: path, records: summary.records,
                                                  bytesRead: bytesBefore + reader.bytesRead, totalBytes: totalBytes))
                    }
                }
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
            bytesBefore += reader.bytesRead
            onProgress(IngestProgress(path: path, records: summary.records,
                                      bytesRead: bytesBefore, totalBytes: totalBytes))
        }
        summary.seconds = Date().timeIntervalSince(started)
        try recordIngest(files: files, summary: summary)
        return summary
    }

    private static func reader(for lines: LineReader, format: InputFormat?) throws -> RecordReader {
        switch try format ?? InputFormat.detect(firstBytes: lines.peek(4096)) {
        case .arxivJSON: ArxivMetadataReader(lines: lines)
        case .listing: ListingReader(lines: lines)
        }
    }

    private func recordIngest(files: [String], summary: IngestSummary) throws {
        let statement = try database.prepare("""
            INSERT INTO ingests (finished, files, added, updated, unchanged, rejected)
            VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5)
            """)
        try statement.run([
            .text(files.joined(separator: "\n")), SQLValue(summary.added), SQLValue(summary.updated),
            SQLValue(summary.unchanged), SQLValue(summary.rejected),
        ])
    }
}
