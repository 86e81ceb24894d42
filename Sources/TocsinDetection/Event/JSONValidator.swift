/// Checks that bytes are one JSON object (RFC 8259), without building it: what ingest does before it acknowledges.
public enum JSONValidator {
    /// Why the bytes are not one JSON object, with the byte offset where it shows.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset + 1)" }
    }

    /// Nil when `bytes` hold exactly one JSON object (surrounding whitespace allowed); otherwise the first problem.
    public static func problem(inObject bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 256) -> Problem? {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        parser.skipSpace()
        guard parser.index < bytes.count, bytes[parser.index] == 0x7B else {
            return Problem(offset: parser.index, message: "an event must be a JSON object")
        }
        do {
            try parser.value(depth: 0)
            parser.skipSpace()
            if parser.index != bytes.count {
                return Problem(offset: parser.index, message: "unexpected text after the object")
            }
            return nil
        } catch {
            return error
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                || bytes[index] == 0x09
            {
                index += 1
            }
        }

        func fail(_ message: String) -> Problem { Problem(offset: index, message: message) }

        mutating func value(depth: Int) throws(Problem) {
            skipSpace()
            guard index < bytes.count else { throw fail("the text ends where a value should be") }
            switch bytes[index] {
            case 0x7B: try object(depth: depth + 1)
            case 0x5B: try array(depth: depth + 1)
            case 0x22: try string()
            case 0x74: try literal("true")
            case 0x66: try literal("false")
            case 0x6E: try literal("null")
            case 0x2D, 0x30...0x39: try number()
            default: throw fail("unexpected character")
            }
        }

        mutating func object(depth: Int) throws(Problem) {
            guard depth <= maxDepth else { throw fail("nested more than \(maxDepth) levels deep") }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == 0x7D {
                index += 1
                return
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a key in quotes") }
                try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x3A else { throw fail("expected ':' after a key") }
                index += 1
                try value(depth: depth)
                skipSpace()
                guard index < bytes.count else { throw fail("the object is not closed") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x7D else { throw fail("expected ',' or '}'") }
                index += 1
                return
            }
        }

        mutating func array(depth: Int) throws(Problem) {
            guard depth <= maxDepth else { throw fail("nested more than \(maxDepth) levels deep") }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == 0x5D {
                index += 1
                return
            }
            while true {
                try value(depth: depth)
                skipSpace()
                guard index < bytes.count else { throw fail("the array is not closed") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x5D else { throw fail("expected ',' or ']'") }
                index += 1
                return
            }
        }

        mutating func string() throws(Problem) {
            index += 1
            let count = bytes.count
            while index < count {
                // Eight bytes at a time while none is a quote, a backslash or a control character.
                if let base = bytes.baseAddress {
                    while index + 8 <= count {
                        let found = SWAR.quoteBackslashOrControl(
                            UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                        if found != 0 {
                            index += found.trailingZeroBitCount >> 3
                            break
                        }
                        index += 8
                    }
                    guard index < count else { break }
                }
                let byte = bytes[index]
                if byte == 0x22 {
                    index += 1
                    return
                }
                if byte < 0x20 { throw fail("a control character inside a string") }
                if byte == 0x5C {
                    guard index + 1 < bytes.count else { break }
                    let next = bytes[index + 1]
                    switch next {
                    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: index += 2
                    case 0x75:
                        guard index + 6 <= bytes.count,
                            (2..<6).allSatisfy({ Self.isHex(bytes[index + $0]) })
                        else { throw fail("a \\u escape needs four hex digits") }
                        index += 6
                    default: throw fail("an unknown escape in a string")
                    }
                    continue
                }
                index += 1
            }
            throw fail("a string is not closed")
        }

        static func isHex(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }

        mutating func literal(_ word: StaticString) throws(Problem) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of the text") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("unexpected word")
            }
            index += count
        }

        mutating func number() throws(Problem) {
            if bytes[index] == 0x2D { index += 1 }
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw fail("a number needs digits") }
            if bytes[index] == 0x30 {
                index += 1
            } else {
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else {
                    throw fail("a fraction needs digits")
                }
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
                index += 1
                if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
                guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else {
                    throw fail("an exponent needs digits")
                }
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            }
        }
    }
}
