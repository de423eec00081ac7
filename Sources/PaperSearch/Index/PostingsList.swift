/// A word's papers and its weighted frequency in each, as ``PaperIndex/intersect(_:)`` reads
/// them: decoded (``TermPostings``) or as stored (``StoredPostings``).
protocol PostingsList {
    /// Papers in the list.
    var count: Int { get }
    /// True when the list is held as a bitmap over rowids: its rowids are listed only when
    /// every list of an intersection is one.
    var isBitmap: Bool { get }
    /// The list with its rowids and frequencies listed, or nil when it cannot be read.
    func decoded() -> TermPostings?
    /// The positions in `rowids` (ascending) of the papers the list holds, with its frequency
    /// in each; nil when the list cannot be read.
    func frequencies(of rowids: [Int]) -> (kept: [Int], frequencies: [UInt32])?
}

extension TermPostings: PostingsList {
    var isBitmap: Bool { dense != nil }

    func decoded() -> TermPostings? { listed() }

    func frequencies(of candidates: [Int]) -> (kept: [Int], frequencies: [UInt32])? {
        var kept: [Int] = []
        var found: [UInt32] = []
        kept.reserveCapacity(candidates.count)
        found.reserveCapacity(candidates.count)
        if let dense {
            for (candidate, rowid) in candidates.enumerated() {
                if let frequency = dense.frequency(of: rowid) {
                    kept.append(candidate)
                    found.append(frequency)
                }
            }
        } else if rowids.count <= 32 * candidates.count {
            // Lists of comparable lengths: a merge mispredicts a branch at about every other
            // step (0.5 ms for two lists of 63,000). This list's rowids go into a bitmap, each
            // candidate is a bit test, and only the matches are then found in the list.
            let highest = max(rowids.last ?? 0, candidates.last ?? 0)
            var bits = [UInt64](repeating: 0, count: highest >> 6 + 1)
            bits.withUnsafeMutableBufferPointer { bits in
                for rowid in rowids { bits[rowid >> 6] |= 1 << UInt64(rowid & 63) }
                for (candidate, rowid) in candidates.enumerated() where bits[rowid >> 6] & (1 << UInt64(rowid & 63)) != 0 {
                    kept.append(candidate)
                }
            }
            var low = 0
            for candidate in kept {
                low = PaperIndex.firstIndex(in: rowids, notBelow: candidates[candidate], from: low)
                found.append(frequencies[low])
            }
        } else {
            // Far longer than the candidates: galloping through it from the last position
            // found costs about the candidates' number times a log, not the list's length.
            var low = 0
            for (candidate, rowid) in candidates.enumerated() {
                low = PaperIndex.firstIndex(in: rowids, notBelow: rowid, from: low)
                guard low < rowids.count else { break }
                if rowids[low] == rowid {
                    kept.append(candidate)
                    found.append(frequencies[low])
                }
            }
        }
        return (kept, found)
    }
}
