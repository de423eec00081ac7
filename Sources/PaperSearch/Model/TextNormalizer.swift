import Foundation

/// Text clean-up shared by the readers and the query side.
enum TextNormalizer {
    /// Collapses every run of whitespace (including line breaks) to one space and trims the ends.
    ///
    /// Works on UTF-8 bytes: this runs on every title and abstract at ingest, and per-scalar
    /// Unicode property lookups made it a third of ingest time.
    static func collapseWhitespace(_ text: String) -> String {
        var text = text
        // Most text is normalized already: checked without copying it.
        if text.withUTF8(isCollapsed) { return text }
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let width = whitespaceWidth(bytes, at: index)
                if width > 0 {
                    pendingSpace = !out.isEmpty
                    index += width
                    continue
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(bytes[index])
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// True when `bytes` has no whitespace but single spaces between other characters.
    private static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        guard first != 0x20, last != 0x20 else { return false }
        // Eight bytes at a time: a space after a space, a control byte, a byte of a non-ASCII
        // character; only the last two need a closer look.
        var offset = 0
        var spaceBefore: UInt64 = 0
        while offset + 8 <= bytes.count {
            let word = ByteWords.load(bytes, at: offset)
            let spaces = ByteWords.equal(word, 0x20)
            if spaces & (spaces << 8 | spaceBefore) != 0 { return false }
            spaceBefore = spaces >> 56
            if ByteWords.hasLess(word, than: 0x0E) || ByteWords.hasHigh(word) {
                for index in offset..<(offset + 8) {
                    switch bytes[index] {
                    case 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
                    case 0xC2, 0xE1, 0xE2, 0xE3: if whitespaceWidth(bytes, at: index) > 0 { return false }
                    default: break
                    }
                }
            }
            offset += 8
        }
        return isCollapsedByByte(UnsafeBufferPointer(rebasing: bytes[max(offset - 1, 0)...]))
    }

    /// ``isCollapsed(_:)`` a byte at a time, for the last few bytes.
    private static func isCollapsedByByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case 0x20 where previous == 0x20: return false
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
            case 0xC2, 0xE1, 0xE2, 0xE3:
                if whitespaceWidth(bytes, at: index) > 0 { return false }
                previous = byte
            default: previous = byte
            }
        }
        return previous != 0x20 || bytes.isEmpty
    }

    /// The byte length of the whitespace character at `index`, or 0 when it is not whitespace.
    private static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return 1
        case 0xC2, 0xE1, 0xE2, 0xE3:
            // Only these lead bytes start non-ASCII whitespace (NEL, NBSP, U+1680, U+2000–U+200A,
            // U+2028/9, U+202F, U+205F, U+3000); decode just those sequences.
            let width = byte == 0xC2 ? 2 : 3
            guard index + width <= bytes.count else { return 0 }
            var scalar = UInt32(byte & (width == 2 ? 0x1F : 0x0F))
            for offset in 1..<width { scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F) }
            guard let value = Unicode.Scalar(scalar), value.properties.isWhitespace else { return 0 }
            return width
        default:
            return 0
        }
    }

    /// Lower-cased, diacritic-free words of letters and digits.
    static func foldedWords(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { $0.lowercased() }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func trimmingSpaces() -> String {
        String(self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
