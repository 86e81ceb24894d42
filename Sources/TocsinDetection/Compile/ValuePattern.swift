import Foundation

/// How a literal is compared with a value.
public enum StringMatch: Sendable, Hashable {
    case equals
    case prefix
    case suffix
    case contains
}

/// One piece of a wildcard pattern.
public enum GlobToken: Sendable, Hashable {
    case literal([UInt8])
    /// `?`: exactly one character.
    case one
    /// `*`: any run of characters, also none.
    case many
}

/// A numeric comparison operator.
public enum Comparison: Sendable, Hashable {
    case lt, lte, gt, gte, eq

    func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .lt: lhs < rhs
        case .lte: lhs <= rhs
        case .gt: lhs > rhs
        case .gte: lhs >= rhs
        case .eq: lhs == rhs
        }
    }
}

/// A part of a date a time modifier extracts.
public enum TimePart: String, Sendable, Hashable {
    case minute, hour, day, week, month, year
}

/// A compiled regular expression; `NSRegularExpression` is immutable and documented as thread-safe.
public final class CompiledRegex: @unchecked Sendable {
    let expression: NSRegularExpression
    /// The pattern as written in the rule.
    public let pattern: String

    /// Sets of literals: every match contains one literal of each set, in order (as written); see ``RegexLiterals``.
    let required: [[[UInt8]]]
    /// `required`, ASCII-folded.
    let requiredFolded: [[[UInt8]]]
    /// Whether the expression may ignore case (the `i` modifier or inline flags).
    let ignoresCase: Bool

    /// For a pattern of literals and `.*` gaps: its pieces (folded when it ignores case), matched without ICU.
    let gapped: [[[UInt8]]]?
    /// Whether `.` matches line terminators (the `s` modifier).
    let dotMatchesAll: Bool

    init(pattern: String, options: NSRegularExpression.Options) throws {
        self.pattern = pattern
        expression = try NSRegularExpression(pattern: pattern, options: options)
        dotMatchesAll = options.contains(.dotMatchesLineSeparators)
        if let sequence = RegexLiterals.gappedSequence(pattern) {
            let folds = sequence.ignoresCase || options.contains(.caseInsensitive)
            gapped = (folds ? sequence.pieces.map(ValueCompiler.fold) : sequence.pieces).map { [$0] }
        } else {
            gapped = nil
        }
        required = RegexLiterals.required(pattern)
        requiredFolded = required.map { $0.map(ValueCompiler.fold) }
        ignoresCase = options.contains(.caseInsensitive) || RegexLiterals.hasInlineFlags(pattern)
    }

    /// Whether the value may match: false only when it lacks every literal of a required set.
    ///
    /// For a case-insensitive expression, a value with non-ASCII text is always tried: Unicode case folding can
    /// match an ASCII letter with another character (the Kelvin sign with `k`).
    @inline(__always)
    func mayMatch(raw: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) -> Bool {
        if required.isEmpty { return true }
        if ignoresCase {
            if !ByteMatch.isASCII(raw) { return true }
            return RegexLiterals.containsInOrder(requiredFolded, folded)
        }
        return RegexLiterals.containsInOrder(required, raw)
    }

    /// Whether the value matches; `folded` is its lower-case form.
    func matches(_ value: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) -> Bool {
        if let gapped {
            if dotMatchesAll, !ignoresCase || ByteMatch.isASCII(value) {
                return RegexLiterals.containsInOrder(gapped, ignoresCase ? folded : value)
            }
            if !ignoresCase {
                // `.` does not cross a line terminator and the pieces hold none: a match lies within one line.
                return ByteMatch.anyLine(of: value) { RegexLiterals.containsInOrder(gapped, $0) }
            }
            if ByteMatch.isASCII(value) {
                return ByteMatch.anyLine(of: folded) { RegexLiterals.containsInOrder(gapped, $0) }
            }
        }
        let text = String(decoding: value, as: UTF8.self)
        let range = NSRange(location: 0, length: (text as NSString).length)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }
}

/// An IP network for the `cidr` modifier.
public struct IPNetwork: Sendable, Hashable {
    /// 4 bytes for IPv4, 16 for IPv6.
    public var address: [UInt8]
    public var prefixLength: Int

    /// Parses `10.0.0.0/8` or `fe80::/10`; a bare address means a single host.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPNetwork.parseAddress(String(parts[0])) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), length >= 0, length <= maximum else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    /// Parses an IPv4 or IPv6 address into its bytes.
    static func parseAddress(_ text: String) -> [UInt8]? {
        if !text.contains(":") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var bytes: [UInt8] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 3, let value = UInt8(part) else { return nil }
                bytes.append(value)
            }
            return bytes
        }
        var text = Substring(text)
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            if part.isEmpty { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseAddress(String(piece)), v4.count == 4 else { return nil }
                    bytes += v4
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    func contains(_ candidate: [UInt8]) -> Bool {
        var other = candidate
        if address.count == 16, other.count == 4 { return false }
        if address.count == 4, other.count == 16 {
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) belongs to the IPv4 network.
            guard other[0..<10].allSatisfy({ $0 == 0 }), other[10] == 0xFF, other[11] == 0xFF else { return false }
            other = Array(other[12...])
        }
        var remaining = prefixLength
        var index = 0
        while remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address[index] & mask != other[index] & mask { return false }
            remaining -= bits
            index += 1
        }
        return true
    }
}

/// One compiled test of a single value: what a rule value became after its modifiers.
public enum ValuePattern: Sendable {
    /// A literal compared as `StringMatch`; when `cased` is false the bytes are folded and the value's folded form
    /// is used.
    case literal(StringMatch, [UInt8], cased: Bool)
    /// A wildcard pattern over the whole value.
    case glob([GlobToken], cased: Bool)
    case regex(CompiledRegex)
    case cidr(IPNetwork)
    case compare(Comparison, Double)
    case time(TimePart, Comparison, Double)
    /// The value is JSON null or empty (an absent field is handled by the field matcher).
    case null
    /// Compared with the values of another field (`fieldref`).
    case fieldReference(StringMatch, slot: Int, cased: Bool)

    /// Whether the value with `raw` and `folded` bytes satisfies the pattern (not for `fieldReference`).
    @inline(__always)
    func matches(raw: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>, isNull: Bool) -> Bool {
        switch self {
        case .literal(let kind, let needle, let cased):
            if isNull { return false }
            return needle.withUnsafeBufferPointer { ByteMatch.compare(kind, cased ? raw : folded, $0) }
        case .glob(let tokens, let cased):
            if isNull { return false }
            return ByteMatch.glob(tokens, cased ? raw : folded)
        case .regex(let regex):
            if isNull || !regex.mayMatch(raw: raw, folded: folded) { return false }
            return regex.matches(raw, folded: folded)
        case .cidr(let network):
            guard !isNull, let address = IPNetwork.parseAddress(String(decoding: raw, as: UTF8.self)) else {
                return false
            }
            return network.contains(address)
        case .compare(let comparison, let number):
            guard !isNull, let value = ByteMatch.number(raw) else { return false }
            return comparison.holds(value, number)
        case .time(let part, let comparison, let number):
            guard !isNull, let value = ByteMatch.timePart(part, of: raw) else { return false }
            return comparison.holds(Double(value), number)
        case .null:
            return isNull || raw.isEmpty
        case .fieldReference:
            return false
        }
    }
}

/// Byte-level comparisons shared by the fast engine and the reference evaluator.
enum ByteMatch {
    @inline(__always)
    static func compare(_ kind: StringMatch, _ value: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        let n = needle.count
        let v = value.count
        guard n <= v else { return false }
        guard n > 0 else { return kind != .equals || v == 0 }
        guard let vb = value.baseAddress, let nb = needle.baseAddress else { return false }
        switch kind {
        case .equals: return n == v && memcmp(vb, nb, n) == 0
        case .prefix: return memcmp(vb, nb, n) == 0
        case .suffix: return memcmp(vb + (v - n), nb, n) == 0
        case .contains:
            if n == 1 { return memchr(vb, Int32(nb[0]), v) != nil }
            let first = Int32(nb[0])
            var offset = 0
            let last = v - n
            while offset <= last {
                guard let hit = memchr(vb + offset, first, last - offset + 1) else { return false }
                let position = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - vb
                if memcmp(vb + position, nb, n) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }

    /// Matches a wildcard pattern against the whole value; `?` consumes one UTF-8 character.
    static func glob(_ tokens: [GlobToken], _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var ti = 0
        var vi = 0
        var starToken = -1
        var starValue = 0
        while true {
            if ti < tokens.count {
                switch tokens[ti] {
                case .many:
                    // A trailing `*` takes whatever is left.
                    if ti == tokens.count - 1 { return true }
                    starToken = ti
                    starValue = vi
                    ti += 1
                    continue
                case .one:
                    if vi < value.count {
                        vi += characterLength(value[vi])
                        ti += 1
                        continue
                    }
                case .literal(let bytes):
                    if vi + bytes.count <= value.count,
                        bytes.withUnsafeBufferPointer({ needle in
                            memcmp(value.baseAddress.unsafelyUnwrapped + vi, needle.baseAddress.unsafelyUnwrapped,
                                needle.count) == 0
                        })
                    {
                        vi += bytes.count
                        ti += 1
                        continue
                    }
                }
            } else if vi >= value.count {
                return true
            }
            guard starToken >= 0, starValue < value.count else { return false }
            starValue += characterLength(value[starValue])
            vi = starValue
            ti = starToken + 1
        }
    }

    /// The offset of the first occurrence of `needle` in `value`, or nil.
    @inline(__always)
    static func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in value: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        let v = value.count
        guard n <= v, let vb = value.baseAddress, let nb = needle.baseAddress else { return n == 0 ? 0 : nil }
        let first = Int32(nb[0])
        var offset = 0
        let last = v - n
        while offset <= last {
            guard let hit = memchr(vb + offset, first, last - offset + 1) else { return nil }
            let position = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - vb
            if memcmp(vb + position, nb, n) == 0 { return position }
            offset = position + 1
        }
        return nil
    }

    /// Whether `body` holds for one of the lines of `value`, split at every line terminator that `.` in a regular
    /// expression does not match: LF, VT, FF, CR, U+0085, U+2028 and U+2029.
    static func anyLine(of value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var start = 0
        var index = 0
        let count = value.count
        while index < count {
            let byte = value[index]
            var width = 0
            if byte >= 0x0A && byte <= 0x0D {
                width = 1
            } else if byte == 0xC2, index + 1 < count, value[index + 1] == 0x85 {
                width = 2
            } else if byte == 0xE2, index + 2 < count, value[index + 1] == 0x80,
                value[index + 2] == 0xA8 || value[index + 2] == 0xA9
            {
                width = 3
            }
            if width > 0 {
                if body(UnsafeBufferPointer(rebasing: value[start..<index])) { return true }
                index += width
                start = index
            } else {
                index += 1
            }
        }
        return body(UnsafeBufferPointer(rebasing: value[start..<count]))
    }

    /// Whether every byte is ASCII (checked eight at a time).
    @inline(__always)
    static func isASCII(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = value.baseAddress else { return true }
        var index = SWAR.skip(base, from: 0, end: value.count) { $0 & SWAR.highs }
        while index < value.count {
            if base[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    static func characterLength(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    static func number(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if let value = Double(text) { return value }
        if text.hasPrefix("0x") || text.hasPrefix("0X"), let value = UInt64(text.dropFirst(2), radix: 16) {
            return Double(value)
        }
        return nil
    }

    /// Extracts a part of a timestamp written `YYYY-MM-DD[T ]HH:MM[:SS…]`, taken as written (no time zone shift).
    static func timePart(_ part: TimePart, of raw: UnsafeBufferPointer<UInt8>) -> Int? {
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= raw.count else { return nil }
            var value = 0
            for index in at..<at + count {
                let byte = raw[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) else { return nil }
        switch part {
        case .year: return year
        case .month: return month
        case .day: return day
        case .hour: return digits(11, 2)
        case .minute: return digits(14, 2)
        case .week:
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
            guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else {
                return nil
            }
            return calendar.component(.weekOfYear, from: date)
        }
    }
}

