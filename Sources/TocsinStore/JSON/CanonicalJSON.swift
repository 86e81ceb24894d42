/// Writes JSON in the one canonical form the audit chain hashes.
///
/// The form: object keys sorted by their UTF-8 bytes, no whitespace between tokens, strings in UTF-8 with only `"`,
/// `\` and the control characters U+0000–U+001F escaped (as `\b \f \n \r \t` where JSON has a short form, else
/// `\u00XX` in lower-case hex), integers in decimal, whole numbers held as `double` within ±2^53 written as
/// integers, other finite numbers in Swift's shortest round-tripping form (`0.1`, `1e-07`). Non-finite numbers
/// have no JSON spelling and are refused. The writer is ours, not `JSONEncoder`, because the bytes must never
/// change with a Foundation release: a changed byte would break every chain written before.
public enum CanonicalJSON {
    /// Why a value cannot be written canonically.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was refused.
        public var description: String
    }

    /// The canonical UTF-8 bytes of `value`.
    public static func bytes(of value: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        try write(value, to: &out)
        return out
    }

    /// The canonical text of `value`.
    public static func string(of value: JSONValue) throws -> String {
        String(decoding: try bytes(of: value), as: UTF8.self)
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: JSONValue, to out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number): try writeNumber(number, to: &out)
        case .string(let text): writeString(text, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // By UTF-8 bytes (not `String`'s `<`, which compares normalised text), without copying the keys.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(bytes: member.key.utf8, to: &out)
                out.append(UInt8(ascii: ":"))
                try write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeNumber(_ number: Double, to out: inout [UInt8]) throws {
        guard number.isFinite else { throw Failure(description: "the number \(number) has no JSON form") }
        if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
            // -0.0 and 0.0 both become 0.
            out.append(contentsOf: String(Int64(number)).utf8)
        } else {
            out.append(contentsOf: number.description.utf8)
        }
    }

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        writeString(bytes: text.utf8, to: &out)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy runs of bytes that need none whole.
        let copied: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            var run = 0
            for index in buffer.indices {
                let byte = buffer[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[run..<index]))
                writeEscaped(byte, to: &out)
                run = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[run...]))
        }
        if copied == nil {
            for byte in bytes {
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    writeEscaped(byte, to: &out)
                } else {
                    out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the escape of `byte`, a quote, a backslash or a control character.
    private static func writeEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            out.append(contentsOf: "u00".utf8)
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        default: out.append(byte)  // `"` and `\`
        }
    }
}
