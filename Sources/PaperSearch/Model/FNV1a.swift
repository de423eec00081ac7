/// The 64-bit FNV-1a hash: small, fast and stable across runs and platforms, unlike `Hasher`,
/// which is seeded per process. Used for derived ids and change detection, not for security.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        // Over the contiguous bytes: iterating `utf8` itself took 27 instructions a byte.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var value = self.value
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            self.value = value
        }
        guard done == nil else { return }
        for byte in text.utf8 {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }

    /// Adds a field and a separator no field contains, so `("ab","c")` and `("a","bc")` differ.
    mutating func combineField(_ text: String?) {
        if let text { combine(text) }
        value = (value ^ 0x1F) &* 0x0000_0100_0000_01B3
    }
}
