/// Byte tests on eight bytes at once (SIMD within a register), for the scanners' skipping of string bodies.
///
/// Each test returns a word whose lowest set bit is the high bit of the first byte that matches (in memory order,
/// little-endian); bits above it may be set spuriously (a borrow from the matching byte), so only the lowest one
/// is meaningful, and zero means no byte matches.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bytes equal to zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }

    /// Bytes that are `"` or `\`.
    @inline(__always)
    static func quoteOrBackslash(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
    }

    /// Bytes that are a space or `.`.
    @inline(__always)
    static func spaceOrDot(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ 0x2020_2020_2020_2020) | zeroBytes(word ^ 0x2E2E_2E2E_2E2E_2E2E)
    }

    /// Steps from `from` eight bytes at a time while `test` flags none of them, and returns the position of the first
    /// byte it flags; where fewer than eight bytes remain before `end` with none flagged, that position, from which
    /// the caller goes on byte by byte.
    @inline(__always)
    static func skip(_ base: UnsafePointer<UInt8>, from: Int, end: Int, until test: (UInt64) -> UInt64) -> Int {
        var position = from
        while position + 8 <= end {
            let found = test(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            if found != 0 { return position + found.trailingZeroBitCount >> 3 }
            position += 8
        }
        return position
    }

    /// Bytes that are `"`, `\` or a control character (below 0x20).
    @inline(__always)
    static func quoteBackslashOrControl(_ word: UInt64) -> UInt64 {
        quoteOrBackslash(word) | ((word &- 0x2020_2020_2020_2020) & ~word & highs)
    }
}
