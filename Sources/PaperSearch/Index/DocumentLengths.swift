import CSQLite

/// Each paper's length in indexed tokens (`Schema/005_document_lengths.sql`), as the ranking
/// function reads it: 4,096 rowids to a stored blob, each blob read once and then kept.
///
/// FTS5 answers a ranking function's `xColumnSize` with one lookup in its docsize table per
/// matching paper. Ranking a word in 6% of 1M papers took 53 ms, 20 ms without those lookups.
///
/// One instance belongs to one connection. What it keeps is dropped when another connection
/// commits (`PRAGMA data_version`, checked once per ranked query, inside the query's read
/// snapshot) and when its own connection ingests (``reset()``).
final class DocumentLengths {
    /// Rowids per stored blob.
    static let chunkSize = 4_096
    /// A stored length that means "not known here": ask FTS5.
    static let unknown: UInt16 = 0

    private let database: Database
    private let chunk: Statement
    private var version: Int?
    /// Loaded blobs by chunk number, as stored (decoding a whole blob for the one length a
    /// rare word needs from it cost more than the read); empty: no stored blob.
    private var chunks: [[UInt8]?] = []

    init(database: Database) throws {
        self.database = database
        chunk = try database.prepare("SELECT lengths FROM document_lengths WHERE chunk = ?1", persistent: true)
    }

    /// Drops everything read so far (the connection itself changed the index).
    func reset() {
        chunks.removeAll()
        version = nil
    }

    /// Called at the start of each ranked query: drops what was read before another
    /// connection's commit.
    func startQuery() {
        let current = database.dataVersion()
        if current == nil || current != version {
            chunks.removeAll(keepingCapacity: true)
            version = current
        }
    }

    /// The length of the paper at `rowid` in tokens over all columns, or nil when the stored
    /// lengths do not know it.
    func length(of rowid: Int64) -> Int? {
        guard rowid >= 0 else { return nil }
        let number = Int(rowid) / Self.chunkSize
        if number >= chunks.count { chunks.append(contentsOf: repeatElement(nil, count: number - chunks.count + 1)) }
        if chunks[number] == nil { chunks[number] = load(number) }
        let offset = 2 * (Int(rowid) % Self.chunkSize)
        return chunks[number]!.withUnsafeBufferPointer { bytes in
            guard offset + 1 < bytes.count else { return nil }
            let length = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            return length == Self.unknown ? nil : Int(length)
        }
    }

    private func load(_ number: Int) -> [UInt8] {
        chunk.reset()
        defer { chunk.reset() }
        guard (try? chunk.bind([SQLValue(number)])) != nil, (try? chunk.step()) == true else { return [] }
        return chunk.blob(at: 0)
    }

    /// 16-bit little-endian counts from a stored blob.
    static func decode(_ bytes: [UInt8]) -> [UInt16] {
        var lengths = [UInt16](repeating: unknown, count: bytes.count / 2)
        for index in lengths.indices {
            lengths[index] = UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8
        }
        return lengths
    }

    /// A stored blob from 16-bit counts.
    static func encode(_ lengths: [UInt16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lengths.count * 2)
        for length in lengths {
            bytes.append(UInt8(truncatingIfNeeded: length))
            bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        }
        return bytes
    }
}

@available(*, unavailable)
extension DocumentLengths: Sendable {}
