/// One value of an event field, as byte ranges in a ``ValueStore``: as written and folded to lower case.
public struct ValueRef: Sendable {
    public var rawStart: Int32
    public var rawCount: Int32
    public var foldedStart: Int32
    public var foldedCount: Int32
    /// JSON null.
    public var isNull: Bool
}

/// The decoded values of the fields one event is being matched on; reused from event to event.
public struct ValueStore: Sendable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var refs: [ValueRef] = []

    /// Creates an empty store.
    public init() {
        bytes.reserveCapacity(1 << 16)
        refs.reserveCapacity(256)
    }

    /// Forgets every value (keeps capacity).
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        refs.removeAll(keepingCapacity: true)
    }

    /// Adds a JSON null and returns its index.
    @discardableResult
    public mutating func appendNull() -> Int {
        let start = Int32(bytes.count)
        refs.append(ValueRef(rawStart: start, rawCount: 0, foldedStart: start, foldedCount: 0, isNull: true))
        return refs.count - 1
    }

    /// Adds a value given as its decoded UTF-8 bytes and returns its index.
    @discardableResult
    public mutating func append(_ value: UnsafeBufferPointer<UInt8>) -> Int {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: value)
        let foldedStart = Int32(bytes.count)
        appendFolded(value)
        refs.append(
            ValueRef(
                rawStart: start, rawCount: Int32(value.count), foldedStart: foldedStart,
                foldedCount: Int32(bytes.count) - foldedStart, isNull: false))
        return refs.count - 1
    }

    /// Adds a value given as text.
    @discardableResult
    public mutating func append(_ text: String) -> Int {
        var copy = text
        return copy.withUTF8 { append($0) }
    }

    /// Adds a JSON string body (between the quotes, escapes still in place), decoding its escapes.
    @discardableResult
    public mutating func appendJSONString(_ body: UnsafeBufferPointer<UInt8>) -> Int {
        let start = bytes.count
        JSONText.unescape(body, into: &bytes)
        let count = bytes.count - start
        let foldedStart = bytes.count
        // Fold from the decoded copy; `bytes` may reallocate, so fold through indices.
        var index = start
        var needsUnicode = false
        while index < start + count {
            let byte = bytes[index]
            if byte >= 0x80 { needsUnicode = true }
            bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            index += 1
        }
        if needsUnicode {
            bytes.removeSubrange(foldedStart...)
            let decoded = String(decoding: bytes[start..<start + count], as: UTF8.self)
            bytes.append(contentsOf: decoded.lowercased().utf8)
        }
        refs.append(
            ValueRef(
                rawStart: Int32(start), rawCount: Int32(count), foldedStart: Int32(foldedStart),
                foldedCount: Int32(bytes.count - foldedStart), isNull: false))
        return refs.count - 1
    }

    private mutating func appendFolded(_ value: UnsafeBufferPointer<UInt8>) {
        var ascii = true
        for byte in value {
            if byte >= 0x80 { ascii = false }
            bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
        }
        if !ascii {
            bytes.removeLast(value.count)
            bytes.append(contentsOf: String(decoding: value, as: UTF8.self).lowercased().utf8)
        }
    }

    /// Calls `body` with the raw and the folded bytes of value `index`.
    @inline(__always)
    public func withValue<R>(
        _ index: Int, _ body: (_ raw: UnsafeBufferPointer<UInt8>, _ folded: UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let ref = refs[index]
        return bytes.withUnsafeBufferPointer { all in
            let base = all.baseAddress ?? UnsafePointer(bitPattern: 1).unsafelyUnwrapped
            return body(
                UnsafeBufferPointer(start: base + Int(ref.rawStart), count: Int(ref.rawCount)),
                UnsafeBufferPointer(start: base + Int(ref.foldedStart), count: Int(ref.foldedCount)))
        }
    }
}

/// Small helpers for JSON text.
public enum JSONText {
    /// Decodes the escapes of a JSON string body, appending UTF-8 to `output`. Invalid escapes are kept as written.
    public static func unescape(_ body: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        let count = body.count
        while index < count {
            let byte = body[index]
            if byte != 0x5C || index + 1 >= count {
                output.append(byte)
                index += 1
                continue
            }
            let next = body[index + 1]
            index += 2
            switch next {
            case 0x22, 0x5C, 0x2F: output.append(next)
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                guard var scalar = hex4(body, index) else {
                    output.append(0x5C)
                    output.append(next)
                    continue
                }
                index += 4
                if scalar >= 0xD800, scalar < 0xDC00, index + 6 <= count, body[index] == 0x5C,
                    body[index + 1] == 0x75, let low = hex4(body, index + 2), low >= 0xDC00, low < 0xE000
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                appendScalar(Unicode.Scalar(scalar) ?? "\u{FFFD}", into: &output)
            default:
                output.append(0x5C)
                output.append(next)
            }
        }
    }

    private static func hex4(_ body: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        guard at + 4 <= body.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = body[at + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    private static func appendScalar(_ scalar: Unicode.Scalar, into output: inout [UInt8]) {
        var buffer = [UInt8]()
        buffer.reserveCapacity(4)
        UTF8.encode(scalar) { buffer.append($0) }
        output.append(contentsOf: buffer)
    }
}
