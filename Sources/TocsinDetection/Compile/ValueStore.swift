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
///
/// Values are written in place into a buffer that only grows (``removeAll()`` only resets the end of what is used),
/// so decoding and folding a value is a copy of whole words, not an append per byte.
public struct ValueStore: Sendable {
    /// `[0, used)` holds the values; the rest is room for the next ones.
    private var buffer: [UInt8]
    private var used = 0
    public private(set) var refs: [ValueRef] = []

    /// Creates an empty store.
    public init() {
        buffer = [UInt8](repeating: 0, count: 1 << 16)
        refs.reserveCapacity(256)
    }

    /// Forgets every value (keeps capacity).
    public mutating func removeAll() {
        used = 0
        refs.removeAll(keepingCapacity: true)
    }

    /// Adds a JSON null and returns its index.
    @discardableResult
    public mutating func appendNull() -> Int {
        let start = Int32(used)
        refs.append(ValueRef(rawStart: start, rawCount: 0, foldedStart: start, foldedCount: 0, isNull: true))
        return refs.count - 1
    }

    /// Adds a value given as its decoded UTF-8 bytes and returns its index.
    @discardableResult
    public mutating func append(_ value: UnsafeBufferPointer<UInt8>) -> Int {
        reserve(2 * value.count)
        let start = used
        buffer.withUnsafeMutableBufferPointer { buffer in
            guard let source = value.baseAddress else { return }
            (buffer.baseAddress.unsafelyUnwrapped + start).update(from: source, count: value.count)
        }
        return appendFolded(rawStart: start, rawCount: value.count)
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
        // Decoding never lengthens a body, and an ASCII fold has the length of what it folds.
        reserve(2 * body.count)
        let start = used
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            JSONText.unescape(body, to: buffer.baseAddress.unsafelyUnwrapped + start)
        }
        return appendFolded(rawStart: start, rawCount: count)
    }

    /// Appends the folded copy of the raw value at `[rawStart, rawStart + rawCount)`, which ends the used part, and
    /// records the value.
    private mutating func appendFolded(rawStart: Int, rawCount: Int) -> Int {
        let foldedStart = rawStart + rawCount
        let ascii = buffer.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress.unsafelyUnwrapped
            return Self.foldASCII(base + rawStart, count: rawCount, to: base + foldedStart)
        }
        var foldedCount = rawCount
        if !ascii {
            // Full Unicode lower-casing, whose length may differ from the raw value's.
            let lowered = buffer.withUnsafeBufferPointer { buffer in
                String(decoding: UnsafeBufferPointer(rebasing: buffer[rawStart..<foldedStart]), as: UTF8.self)
                    .lowercased()
            }
            foldedCount = lowered.utf8.count
            used = foldedStart
            reserve(foldedCount)
            buffer.withUnsafeMutableBufferPointer { buffer in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[foldedStart..<foldedStart + foldedCount])
                    .initialize(from: lowered.utf8)
            }
        }
        used = foldedStart + foldedCount
        refs.append(
            ValueRef(
                rawStart: Int32(rawStart), rawCount: Int32(rawCount), foldedStart: Int32(foldedStart),
                foldedCount: Int32(foldedCount), isNull: false))
        return refs.count - 1
    }

    /// Makes room for `extra` more bytes after the used part.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if used + extra > buffer.count { grow(used + extra) }
    }

    private mutating func grow(_ needed: Int) {
        buffer.append(contentsOf: repeatElement(0, count: max(needed - buffer.count, buffer.count)))
    }

    /// Copies `count` bytes from `source` to `target` with ASCII `A`-`Z` lowered; false (and the copy incomplete)
    /// when a byte is not ASCII.
    @inline(__always)
    static func foldASCII(_ source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>) -> Bool {
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
            if word & SWAR.highs != 0 { return false }
            // With every high bit clear, adding 0x3F sets a byte's high bit exactly when it is at least `A` (0x41),
            // and adding 0x25 when it is above `Z` (0x5A); the difference marks `A`-`Z`, shifted to 0x20.
            let atLeastA = word &+ 0x3F3F_3F3F_3F3F_3F3F
            let aboveZ = word &+ 0x2525_2525_2525_2525
            let upper = atLeastA & ~aboveZ & SWAR.highs
            UnsafeMutableRawPointer(target + index).storeBytes(of: word | (upper >> 2), toByteOffset: 0, as: UInt64.self)
            index += 8
        }
        while index < count {
            let byte = source[index]
            if byte >= 0x80 { return false }
            target[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            index += 1
        }
        return true
    }

    /// Calls `body` with the raw and the folded bytes of value `index`.
    @inline(__always)
    public func withValue<R>(
        _ index: Int, _ body: (_ raw: UnsafeBufferPointer<UInt8>, _ folded: UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let ref = refs[index]
        return buffer.withUnsafeBufferPointer { all in
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
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: body.count))
        let written = output.withUnsafeMutableBufferPointer { output in
            unescape(body, to: output.baseAddress.unsafelyUnwrapped + start)
        }
        output.removeLast(body.count - written)
    }

    /// Decodes the escapes of a JSON string body into `output`, which has room for `body.count` bytes (decoding
    /// never lengthens), and returns the number of bytes written. Invalid escapes are kept as written.
    static func unescape(_ body: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = body.baseAddress else { return 0 }
        let count = body.count
        var index = 0
        var written = 0
        while index < count {
            // Copy eight bytes at a time up to the next backslash; `written <= index`, so the word fits.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(output + written).storeBytes(of: word, toByteOffset: 0, as: UInt64.self)
                let backslashes = SWAR.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                if backslashes == 0 {
                    index += 8
                    written += 8
                    continue
                }
                let plain = backslashes.trailingZeroBitCount >> 3
                index += plain
                written += plain
            } else if base[index] != 0x5C {
                output[written] = base[index]
                index += 1
                written += 1
                continue
            }
            // A backslash at `index`.
            guard index + 1 < count else {
                output[written] = 0x5C
                return written + 1
            }
            let next = base[index + 1]
            index += 2
            var decoded: UInt8
            switch next {
            case 0x22, 0x5C, 0x2F: decoded = next
            case 0x62: decoded = 0x08
            case 0x66: decoded = 0x0C
            case 0x6E: decoded = 0x0A
            case 0x72: decoded = 0x0D
            case 0x74: decoded = 0x09
            case 0x75:
                guard var scalar = hex4(body, index) else {
                    output[written] = 0x5C
                    output[written + 1] = next
                    written += 2
                    continue
                }
                index += 4
                if scalar >= 0xD800, scalar < 0xDC00, index + 6 <= count, body[index] == 0x5C,
                    body[index + 1] == 0x75, let low = hex4(body, index + 2), low >= 0xDC00, low < 0xE000
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                // Six escape bytes give at most three UTF-8 bytes, twelve (a surrogate pair) four.
                UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { byte in
                    output[written] = byte
                    written += 1
                }
                continue
            default:
                output[written] = 0x5C
                output[written + 1] = next
                written += 2
                continue
            }
            output[written] = decoded
            written += 1
        }
        return written
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
}
