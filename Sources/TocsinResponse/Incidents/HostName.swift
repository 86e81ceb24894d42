import Foundation

/// Host names as incidents and suppressions compare them: ignoring case (`WS-0042` is `ws-0042`).
enum HostName {
    /// Whether `a` and `b` name the same host. ASCII names, nearly all of them, are compared byte by byte;
    /// others by Foundation's case-insensitive comparison, as before.
    static func same(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        let ascii: Bool? = a.withUTF8 { left in
            b.withUTF8 { right in
                guard left.count == right.count else {
                    // Lengths differ: different hosts, unless non-ASCII folding could change a length.
                    return left.allSatisfy { $0 < 0x80 } && right.allSatisfy { $0 < 0x80 } ? false : nil
                }
                for index in left.indices {
                    let x = left[index]
                    let y = right[index]
                    guard x < 0x80, y < 0x80 else { return nil }
                    if x != y && lower(x) != lower(y) { return false }
                }
                return true
            }
        }
        if let ascii { return ascii }
        return a.caseInsensitiveCompare(b) == .orderedSame
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
