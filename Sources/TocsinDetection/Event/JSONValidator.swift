/// Checks that bytes are one JSON object (RFC 8259) of valid UTF-8, without building it: what ingest does before it
/// acknowledges.
///
/// One pass does both checks. Outside strings JSON allows only ASCII, so the UTF-8 of an object is checked where its
/// strings are skipped: eight bytes at a time while a string has no quote, backslash, control character or
/// non-ASCII byte, then sequence by sequence.
public enum JSONValidator {
    /// Why the bytes are not one JSON object, with the byte offset where it shows.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// What kind of problem: a broken JSON text, or bytes that are not UTF-8 (inside a string).
        public enum Kind: Sendable, Equatable {
            case syntax
            case invalidUTF8
        }

        public var kind: Kind
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset + 1)" }

        public init(kind: Kind = .syntax, offset: Int, message: String) {
            self.kind = kind
            self.offset = offset
            self.message = message
        }
    }

    /// Nil when `bytes` hold exactly one JSON object (surrounding whitespace allowed); otherwise the first problem.
    public static func problem(inObject bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 256) -> Problem? {
        guard let base = bytes.baseAddress else {
            return Problem(offset: 0, message: "an event must be a JSON object")
        }
        var parser = Parser(base: base, count: bytes.count, maxDepth: maxDepth)
        parser.skipSpace()
        guard parser.index < bytes.count, base[parser.index] == 0x7B else {
            return Problem(offset: parser.index, message: "an event must be a JSON object")
        }
        do {
            try parser.container(depth: 1)
            parser.skipSpace()
            if parser.index != bytes.count {
                return Problem(offset: parser.index, message: "unexpected text after the object")
            }
            return nil
        } catch {
            return error
        }
    }

    /// A recursive descent over raw bytes: a call per object or array, everything else inline in its loop.
    private struct Parser {
        let base: UnsafePointer<UInt8>
        let count: Int
        let maxDepth: Int
        var index = 0

        init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
            self.base = base
            self.count = count
            self.maxDepth = maxDepth
        }

        @inline(__always)
        mutating func skipSpace() {
            while index < count {
                let byte = base[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        func fail(_ message: String) -> Problem { Problem(offset: index, message: message) }

        /// The object or array that starts at `index`, `depth` levels deep.
        mutating func container(depth: Int) throws(Problem) {
            guard depth <= maxDepth else { throw fail("nested more than \(maxDepth) levels deep") }
            let isObject = base[index] == 0x7B
            let close: UInt8 = isObject ? 0x7D : 0x5D
            index += 1
            skipSpace()
            if index < count, base[index] == close {
                index += 1
                return
            }
            while true {
                if isObject {
                    skipSpace()
                    guard index < count, base[index] == 0x22 else { throw fail("expected a key in quotes") }
                    try string()
                    skipSpace()
                    guard index < count, base[index] == 0x3A else { throw fail("expected ':' after a key") }
                    index += 1
                }
                skipSpace()
                guard index < count else { throw fail("the text ends where a value should be") }
                switch base[index] {
                case 0x22: try string()
                case 0x7B, 0x5B: try container(depth: depth + 1)
                case 0x2D, 0x30...0x39: try number()
                case 0x74: try literal("true")
                case 0x66: try literal("false")
                case 0x6E: try literal("null")
                default: throw fail("unexpected character")
                }
                skipSpace()
                guard index < count else { throw fail(isObject ? "the object is not closed" : "the array is not closed") }
                let byte = base[index]
                if byte == 0x2C {
                    index += 1
                    continue
                }
                guard byte == close else { throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'") }
                index += 1
                return
            }
        }

        /// The string whose opening quote is at `index`.
        @inline(__always)
        mutating func string() throws(Problem) {
            index += 1
            while true {
                index = SWAR.skip(base, from: index, end: count) { SWAR.quoteBackslashOrControl($0) | ($0 & SWAR.highs) }
                guard index < count else { throw fail("a string is not closed") }
                let byte = base[index]
                if byte == 0x22 {
                    index += 1
                    return
                }
                if byte == 0x5C {
                    try escape()
                } else if byte >= 0x80 {
                    let length = UTF8Sequence.length(base, at: index, count: count)
                    guard length > 0 else { throw Problem(kind: .invalidUTF8, offset: index, message: "invalid UTF-8") }
                    index += length
                } else if byte < 0x20 {
                    throw fail("a control character inside a string")
                } else {
                    index += 1
                }
            }
        }

        /// The escape whose backslash is at `index`.
        mutating func escape() throws(Problem) {
            guard index + 1 < count else { throw fail("a string is not closed") }
            switch base[index + 1] {
            case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: index += 2
            case 0x75:
                guard index + 6 <= count, Self.isHex(base[index + 2]), Self.isHex(base[index + 3]),
                    Self.isHex(base[index + 4]), Self.isHex(base[index + 5])
                else { throw fail("a \\u escape needs four hex digits") }
                index += 6
            default: throw fail("an unknown escape in a string")
            }
        }

        @inline(__always)
        static func isHex(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }

        mutating func literal(_ word: StaticString) throws(Problem) {
            let length = word.utf8CodeUnitCount
            guard index + length <= count else { throw fail("unexpected end of the text") }
            for offset in 0..<length where base[index + offset] != word.utf8Start[offset] {
                throw fail("unexpected word")
            }
            index += length
        }

        @inline(__always)
        func isDigit(_ position: Int) -> Bool { position < count && base[position] &- 0x30 < 10 }

        mutating func number() throws(Problem) {
            if base[index] == 0x2D { index += 1 }
            guard isDigit(index) else { throw fail("a number needs digits") }
            if base[index] == 0x30 {
                index += 1
            } else {
                while isDigit(index) { index += 1 }
            }
            if index < count, base[index] == 0x2E {
                index += 1
                guard isDigit(index) else { throw fail("a fraction needs digits") }
                while isDigit(index) { index += 1 }
            }
            if index < count, base[index] == 0x65 || base[index] == 0x45 {
                index += 1
                if index < count, base[index] == 0x2B || base[index] == 0x2D { index += 1 }
                guard isDigit(index) else { throw fail("an exponent needs digits") }
                while isDigit(index) { index += 1 }
            }
        }
    }
}

/// The length of a well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
enum UTF8Sequence {
    /// The length of the sequence that starts with the non-ASCII byte at `index`, or 0 when it is not well formed.
    @inline(__always)
    static func length(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Int {
        let byte = base[index]
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch byte {
        case 0xC2...0xDF:
            length = 2
            scalar = UInt32(byte & 0x1F)
            minimum = 0x80
        case 0xE0...0xEF:
            length = 3
            scalar = UInt32(byte & 0x0F)
            minimum = 0x800
        case 0xF0...0xF4:
            length = 4
            scalar = UInt32(byte & 0x07)
            minimum = 0x10000
        default:
            return 0
        }
        guard index + length <= count else { return 0 }
        for offset in 1..<length {
            let next = base[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return 0 }
        return length
    }
}
