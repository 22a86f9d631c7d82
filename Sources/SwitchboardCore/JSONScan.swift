/// Word-at-a-time byte tests shared by the JSON parser and writer.
enum JSONScan {
    /// The high bit of each byte of `word` that is a quote, a backslash or a control character
    /// (the bytes a JSON string cannot hold as they are).
    ///
    /// The lowest set bit is exact (a borrow can only mark bytes above a true match), which is all
    /// the scans use: with the first byte in the lowest position, `trailingZeroBitCount / 8` is the
    /// offset of the first such byte.
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ 0x2222_2222_2222_2222
        let backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let zeroQuote = (quotes &- ones) & ~quotes
        let zeroBackslash = (backslashes &- ones) & ~backslashes
        let control = (word &- 0x2020_2020_2020_2020) & ~word
        return (zeroQuote | zeroBackslash | control) & 0x8080_8080_8080_8080
    }

    /// The offset of the first quote, backslash or control character at or after `index` among the first
    /// `count` bytes at `base`, found eight bytes at a time; for fewer than eight bytes left, the offset
    /// where the word-wise scan stopped (the caller tests the rest byte by byte).
    @inline(__always) static func skipPlain(_ base: UnsafePointer<UInt8>, from index: Int, count: Int) -> Int {
        var index = index
        while index + 8 <= count {
            let special = specialBytes(word(at: base + index))
            if special != 0 { return index + special.trailingZeroBitCount >> 3 }
            index += 8
        }
        return index
    }

    /// The eight bytes at `pointer`, the first in the lowest position.
    @inline(__always) static func word(at pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }
}
