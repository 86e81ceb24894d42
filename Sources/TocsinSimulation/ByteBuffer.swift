/// Bytes that events are rendered into, with the few primitives JSON lines need.
///
/// No JSONSerialization or Codable: values are appended as they are written out, strings escaped on the way.
struct ByteBuffer: Sendable {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    @inline(__always)
    mutating func append(_ text: JSONText) { bytes.append(contentsOf: text.bytes) }

    @inline(__always)
    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// A non-negative or negative integer in decimal.
    mutating func append(decimal value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            append(decimal: UInt64(-value))
        } else {
            append(decimal: UInt64(value))
        }
    }

    mutating func append(decimal value: UInt64) {
        var width = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        let end = bytes.count + width
        bytes.append(contentsOf: repeatElement(48, count: width))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var index = end - 1
            var rest = value
            repeat {
                buffer[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                rest /= 10
                index -= 1
            } while rest > 0
        }
    }

    /// `value` as exactly `width` decimal digits, zero-padded (the value must fit).
    @inline(__always)
    mutating func append(padded value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: rest / divisor) &+ 48)
            rest %= divisor
            divisor /= 10
        }
    }

    /// The low `digits` hex digits of `value`.
    mutating func append(hex value: UInt64, digits: Int, uppercase: Bool = false) {
        let alphabet: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        let table = alphabet.utf8Start
        var shift = (digits - 1) * 4
        while shift >= 0 {
            bytes.append(table[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// `text` escaped for the inside of a JSON string.
    mutating func append(escaping text: String) {
        JSONText.escape(text, into: &bytes)
    }
}

/// A string already escaped for the inside of a JSON string, kept as bytes so that the hot path only copies it.
struct JSONText: Sendable, Hashable {
    let bytes: [UInt8]

    init(_ text: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        JSONText.escape(text, into: &bytes)
        self.bytes = bytes
    }

    static func escape(_ text: String, into bytes: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(92); bytes.append(byte)
            case 0x0A: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48])
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
    }
}
