/// Tests on eight bytes of text at a time, for scans that run over every abstract an ingest
/// reads: byte by byte, a scan for a few byte values took 18 instructions a byte.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` that equals `byte`, and no other bit.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & ~highs) &+ ~highs) | difference | ~highs)
    }

    /// True when a byte of `word` is below `bound` (at most 128).
    @inline(__always)
    static func hasLess(_ word: UInt64, than bound: UInt8) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highs != 0
    }

    /// True when a byte of `word` is 128 or above (not ASCII).
    @inline(__always)
    static func hasHigh(_ word: UInt64) -> Bool {
        word & highs != 0
    }

    /// The eight bytes at `offset`, the first in the lowest bits.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }
}
