import Foundation

/// Reads the input files on a thread of its own and hands their records to the ingesting
/// thread in chunks, in input order.
///
/// SQLite's writing cannot be split, so everything else moves to this thread, on the second
/// core: parsing and normalizing, the stored values (``PaperColumns``) and FTS5's tokens
/// (``FTS5TokenReplay``). At most `capacity` chunks wait, so memory stays bounded whatever
/// the input size. Sixteen chunks of 256 let this thread read on while FTS5 indexes a batch
/// of 5,000 papers at its end: with eight, the two threads used 1.27 cores, with sixteen
/// 1.39 to 1.46 (100k generated papers).
final class RecordPipeline: @unchecked Sendable {
    /// A record as the ingesting thread receives it.
    enum Record: Sendable {
        /// A paper with the values the index stores already made, and the line its record
        /// starts on.
        case paper(PaperColumns, line: Int)
        /// A record that cannot be ingested, and why.
        case rejected(IngestProblem)
    }

    /// What the reading thread hands over.
    enum Delivery: Sendable {
        /// Records of `path`; `bytesRead` is how far into the file they reach.
        case records([Record], path: String, bytesRead: Int)
        /// `path` was read to its end.
        case endOfFile(path: String, bytesRead: Int)
        /// `path` broke off (corrupt gzip, read error) after the records already handed over;
        /// a lenient ingest keeps them and goes on with the next file.
        case brokeOff(path: String, bytesRead: Int, reason: String)
        /// Reading failed in a way that ends the ingest; nothing follows.
        case failed(any Error)
    }

    // `@unchecked Sendable`: the mutable state below is only touched with `condition` locked.
    private let condition = NSCondition()
    private var waiting: [Delivery] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int
    /// Records tokens with the index's tokenizer; used by the reading thread only once it
    /// starts.
    private let recorder: TokenRecorder?

    /// Starts reading `files` (already expanded, see ``PaperIndex/expand(_:)``).
    ///
    /// - Parameter tokenizer: an instance of the index's tokenizer for the reading thread
    ///   alone (``FTS5TokenReplay/makeTokenizer(database:)``), which then tokenizes each
    ///   paper for FTS5 (``PaperColumns/tokens``); nil to leave that to FTS5.
    init(files: [String], options: IngestOptions, tokenizer: FTS5Tokenizer? = nil, chunkSize: Int = 256,
         capacity: Int = 16) {
        self.capacity = capacity
        recorder = tokenizer.map(TokenRecorder.init)
        let thread = Thread { [self] in
            read(files, options: options, chunkSize: chunkSize)
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        // The XML readers build element trees recursively: give the thread the main
        // thread's stack size, not Foundation's smaller default for secondary threads.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next delivery, waiting for the reader; nil when everything has been handed over.
    func next() -> Delivery? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !finished { condition.wait() }
        guard !waiting.isEmpty else { return nil }
        let delivery = waiting.removeFirst()
        condition.broadcast()
        return delivery
    }

    /// Tells the reader to stop at its next record: the ingest ends early (interrupted, or
    /// an error). It does not wait, since the reader may be blocked reading standard input.
    func cancel() {
        condition.lock()
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a delivery, waiting while the queue is full; false once cancelled.
    private func put(_ delivery: Delivery) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        waiting.append(delivery)
        condition.broadcast()
        return true
    }

    private struct Cancelled: Error {}

    /// The reading thread's work.
    private func read(_ files: [String], options: IngestOptions, chunkSize: Int) {
        let encoder = JSONEncoder()
        // The same text for the same versions, whatever order a process hashes the keys in.
        encoder.outputFormatting = .sortedKeys
        for path in files {
            let lines: LineReader
            do {
                lines = LineReader(source: try InputFile.open(path), path: path)
            } catch {
                _ = put(.failed(error))
                return
            }
            var chunk: [Record] = []
            chunk.reserveCapacity(chunkSize)
            var failure: (any Error)?
            do {
                try Self.reader(for: lines, path: path, options: options).read { record in
                    switch record {
                    case .paper(let paper, let line): chunk.append(.paper(try PaperColumns(paper, encoder: encoder, recorder: recorder), line: line))
                    case .rejected(let problem): chunk.append(.rejected(problem))
                    }
                    if chunk.count == chunkSize {
                        guard put(.records(chunk, path: path, bytesRead: lines.bytesRead)) else { throw Cancelled() }
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
            } catch is Cancelled {
                return
            } catch {
                failure = error
            }
            if !chunk.isEmpty, !put(.records(chunk, path: path, bytesRead: lines.bytesRead)) { return }
            switch failure {
            case nil:
                guard put(.endOfFile(path: path, bytesRead: lines.bytesRead)) else { return }
            case IngestError.cannotOpen(_, let reason)? where !options.strict:
                guard put(.brokeOff(path: path, bytesRead: lines.bytesRead, reason: reason)) else { return }
            case let error?:
                _ = put(.failed(error))
                return
            }
        }
    }

    private static func reader(for lines: LineReader, path: String, options: IngestOptions) throws -> RecordReader {
        let format = try options.format ?? InputFormat.detect(firstBytes: lines.peek(4096), path: path)
        switch format {
        case .arxivJSON: return ArxivMetadataReader(lines: lines)
        case .json: return JSONRecordReader(lines: lines, map: options.fieldMap)
        case .csv: return CSVRecordReader(lines: lines, map: options.fieldMap, delimiter: UInt8(ascii: ","))
        case .tsv: return CSVRecordReader(lines: lines, map: options.fieldMap, delimiter: UInt8(ascii: "\t"))
        case .listing: return ListingReader(lines: lines)
        case .atom, .oaiPMH:
            // The XML parser reads the bytes itself; hand it what detection already buffered.
            return XMLRecordReader(source: lines.remainder(), path: path, format: format)
        }
    }
}
