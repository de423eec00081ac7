import Foundation

extension PaperIndex {
    /// Reads papers from files into the index, streaming, in batched transactions.
    ///
    /// Each batch of `options.batchSize` records is one transaction (FTS index included), so
    /// an interrupted or killed ingest keeps every batch committed before it stopped, and
    /// running it again completes it. Records that cannot be read are passed to `onProblem`
    /// and skipped; with `options.strict` the first one stops the ingest and nothing is kept.
    ///
    ///     let summary = try index.ingest(files: ["feeds/"], onProblem: { print($0) })
    ///
    /// - Parameters:
    ///   - files: paths to read: files (gzip detected), directories (their files, sorted by
    ///     name), or `-` for standard input.
    ///   - onProblem: called for each rejected record.
    ///   - onProgress: called after each batch and at the end of each file.
    ///   - shouldStop: checked at batch boundaries; true ends the ingest there (Ctrl-C).
    /// - Returns: counts of added, updated, unchanged and rejected records.
    /// - Throws: ``IngestError`` when a file cannot be opened (before anything is written) or a
    ///   strict ingest meets a bad record; ``SQLiteError`` when writing fails. Batches
    ///   committed before the error stay in the index.
    public func ingest(
        files: [String],
        options: IngestOptions = IngestOptions(),
        onProblem: (IngestProblem) -> Void = { _ in },
        onProgress: (IngestProgress) -> Void = { _ in },
        shouldStop: () -> Bool = { false }
    ) throws -> IngestSummary {
        let started = Date()
        let inputs = try Self.expand(files)
        let totalBytes = inputs.reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }

        let merging = try options.segmentMerging ?? SegmentMerging(existingPapers: count(), inputBytes: totalBytes)
        try tuneForBulkWrites(merging: merging)
        let writer = try IndexWriter(database: database, replay: tokenReplay)
        var summary = IngestSummary()
        var bytesBefore = 0
        var inBatch = 0
        let pipeline = RecordPipeline(files: inputs, options: options,
                                      tokenizer: try tokenReplay?.makeTokenizer(database: database))
        defer { pipeline.cancel() }
        func progress(_ path: String, _ bytesRead: Int, stage: IngestStage = .reading) {
            onProgress(IngestProgress(path: path, records: summary.records,
                                      bytesRead: bytesBefore + bytesRead, totalBytes: totalBytes, stage: stage))
        }
        try database.execute("BEGIN IMMEDIATE")
        do {
            reading: while let delivery = pipeline.next() {
                switch delivery {
                case .records(let records, let path, let bytesRead):
                    for record in records {
                        switch record {
                        case .rejected(let problem):
                            if options.strict { throw IngestError.strictStop(problem) }
                            summary.rejected += 1
                            onProblem(problem)
                        case .paper(let columns, _):
                            switch try writer.write(columns) {
                            case .added: summary.added += 1
                            case .updated: summary.updated += 1
                            case .unchanged: summary.unchanged += 1
                            }
                        }
                        inBatch += 1
                        // A strict ingest is one transaction, so a bad record can undo it all.
                        if inBatch >= options.batchSize, !options.strict {
                            try writer.flush()
                            try database.execute("COMMIT")
                            dropCachedColumns()
                            inBatch = 0
                            progress(path, bytesRead)
                            if shouldStop() {
                                summary.interrupted = true
                                break reading
                            }
                            try database.execute("BEGIN IMMEDIATE")
                        }
                    }
                    progress(path, bytesRead)
                case .endOfFile(let path, let bytesRead):
                    bytesBefore += bytesRead
                    progress(path, 0)
                case .brokeOff(let path, let bytesRead, let reason):
                    // The input broke off (corrupt gzip, read error): keep what was read.
                    summary.rejected += 1
                    onProblem(IngestProblem(path: path, line: 0, reason: reason))
                    bytesBefore += bytesRead
                    progress(path, 0)
                case .failed(let error):
                    throw error
                }
            }
            if !summary.interrupted {
                try writer.flush()
                try database.execute("COMMIT")
            }
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
        try database.transaction { try writer.completeColumns() }
        dropCachedColumns()
        let last = inputs.last ?? ""
        if merging == .deferred {
            // Also after an interrupted load: what it kept is searched as one segment.
            progress(last, 0, stage: .merging)
            _ = try mergeSegments()
            try writeSettings(SegmentMerging.automatic.settings)
        }
        try recordIngest(files: files, summary: summary)
        progress(last, 0, stage: .counting)
        let recounted = try CommonTerms.update(database, changes: summary.added + summary.updated) {
            try FTS5Tokenizer.forIndex(on: database)
        }
        if recounted { commonTerms = nil }
        if recounted, Double(summary.added + summary.updated) >= Double(try count()) * TermImpacts.rankShare {
            progress(last, 0, stage: .ranking)
            try rankTermImpacts()
        }
        try releaseFreePages()
        // Move the WAL into the database file so the index is one file again and the WAL
        // does not keep the size of the whole load. Busy readers only delay this: not an error.
        _ = try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Forgets the stored columns this connection has read: it has just rewritten them, and
    /// `data_version` sees only other connections' commits. A search from the progress
    /// callback then reads them fresh.
    func dropCachedColumns() {
        documentLengths.reset()
        ranking.fieldLengths.reset()
        facetColumns.reset()
        facetMembers.reset()
    }

    /// Files as given, directories replaced by their regular files sorted by name; every
    /// path checked before anything is written.
    static func expand(_ paths: [String]) throws -> [String] {
        let fileManager = FileManager.default
        var result: [String] = []
        for path in paths {
            if path == "-" {
                result.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw IngestError.cannotOpen(path: path, reason: "no such file")
            }
            if isDirectory.boolValue {
                let names = try fileManager.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
                for name in names {
                    let child = (path as NSString).appendingPathComponent(name)
                    var childIsDirectory: ObjCBool = false
                    if fileManager.fileExists(atPath: child, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                        result.append(child)
                    }
                }
            } else {
                guard fileManager.isReadableFile(atPath: path) else {
                    throw IngestError.cannotOpen(path: path, reason: "permission denied")
                }
                result.append(path)
            }
        }
        return result
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

    /// Settings that make large loads faster, measured on 300k generated papers
    /// (README, "Performance"): 74 s with SQLite's defaults, 67 s with the 64 MiB page cache
    /// every connection has (``PaperIndex/pageCacheKiB``), 54 s with FTS5's pending-terms
    /// buffer at 16 MiB too (it flushes a segment each time the buffer fills, so a bigger
    /// buffer writes fewer, larger segments and merges less). Peak RSS 115 MB.
    ///
    /// FTS5 keeps these settings in the index, so every ingest writes the ones it needs, and
    /// one that deferred its merges turns them back on at its end. One killed, or stopped by
    /// an error, before that leaves them off until the next ingest.
    private func tuneForBulkWrites(merging: SegmentMerging) throws {
        try writeSettings([("hashsize", 16 * 1_048_576)] + merging.settings)
    }

    /// Writes FTS5 settings (`papers_fts_config`) that differ from the stored ones.
    private func writeSettings(_ settings: [(key: String, value: Int)]) throws {
        for (key, value) in settings {
            let current = try database.scalarInt("SELECT v FROM papers_fts_config WHERE k = '\(key)'")
            if current != value {
                try database.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('\(key)', \(value))")
            }
        }
    }

    /// Gives pages freed by FTS5 segment merges back to the file system. A big pending-terms
    /// buffer means fewer, larger merges, and the last ones free tens of MB that would
    /// otherwise stay in the file until the next ingest (32 MB of 458 MB at 100k papers).
    /// Indexes created before `auto_vacuum` was set cannot do this and keep their free pages.
    ///
    /// - Parameter all: release them however few (`papers optimize`, which rewrites the
    ///   stored lists: at 1M papers that left 38 MB free, 0.9% of the file).
    func releaseFreePages(all: Bool = false) throws {
        guard try database.scalarInt("PRAGMA auto_vacuum") == 2 else { return }
        let free = try database.scalarInt("PRAGMA freelist_count") ?? 0
        let pages = try database.scalarInt("PRAGMA page_count") ?? 0
        // A few free pages are reused by the next ingest anyway; moving them costs writes.
        guard free > 0, all || free * 50 > pages else { return }
        try database.execute("PRAGMA incremental_vacuum")
    }
}
