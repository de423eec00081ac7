/// The integers FTS5 packs into its shadow-table blobs (the totals record, docsize rows):
/// SQLite varints, 7 bits a byte high bits first, the 9th byte whole.
enum FTS5Record {
    /// Every varint in `bytes`, in order.
    static func integers(_ bytes: some Collection<UInt8>) -> [Int] {
        var values: [Int] = []
        var value: UInt64 = 0
        var length = 0
        for byte in bytes {
            if length == 8 {
                value = (value << 8) | UInt64(byte)
            } else {
                value = (value << 7) | UInt64(byte & 0x7F)
                length += 1
                if byte & 0x80 != 0 { continue }
            }
            values.append(Int(truncatingIfNeeded: value))
            value = 0
            length = 0
        }
        return values
    }

    /// The number of segments in FTS5's structure record (id 10 of the data table): after a
    /// 4-byte cookie, the varints of the level count, then of the segment count.
    static func segmentCount(structure bytes: [UInt8]) -> Int? {
        guard bytes.count > 4 else { return nil }
        let counts = integers(bytes.dropFirst(4).prefix(18))
        return counts.count >= 2 ? counts[1] : nil
    }
}
