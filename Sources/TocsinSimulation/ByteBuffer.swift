/// Bytes that events are rendered into, with the few primitives JSON lines need.
///
/// No JSONSerialization or Codable, and no reference counting on the per-event path: the buffer is one
/// allocation it owns alone (so it cannot be copied), values are copied in with `memcpy`-like updates and strings
/// escaped on the way.
struct ByteBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// The second whose `YYYY-MM-DDTHH:MM:SS` is in `timePrefix` (events come in time order, so most reuse it).
    var timePrefixSecond = Int64.min
    var timePrefix: (UInt64, UInt64, UInt64) = (0, 0, 0)

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes so far; valid until the buffer next changes.
    var view: JSONText { JSONText(base: UnsafePointer(base), count: count) }

    /// The bytes so far, as a raw buffer for writing out.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(SimulationError) -> R) throws(SimulationError) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes as an array (tests, small values).
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ start: UnsafePointer<UInt8>?, _ length: Int) {
        guard let start, length > 0 else { return }
        reserve(length)
        (base + count).update(from: start, count: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ text: StaticString) { append(text.utf8Start, text.utf8CodeUnitCount) }

    @inline(__always)
    mutating func append(_ text: JSONText) { append(text.base, text.count) }

    @inline(__always)
    mutating func replaceByte(at index: Int, with byte: UInt8) { base[index] = byte }

    @inline(__always)
    mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// A signed integer in decimal.
    mutating func append(decimal value: Int) {
        if value < 0 {
            append(byte: UInt8(ascii: "-"))
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
        reserve(width)
        var index = count + width - 1
        var rest = value
        repeat {
            base[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
            rest /= 10
            index -= 1
        } while rest > 0
        count += width
    }

    /// `value` as exactly `width` decimal digits, zero-padded (the value must fit).
    @inline(__always)
    mutating func append(padded value: Int, width: Int) {
        reserve(width)
        var rest = value
        var index = count + width - 1
        while index >= count {
            base[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
            rest /= 10
            index -= 1
        }
        count += width
    }

    /// The low `digits` hex digits of `value`.
    mutating func append(hex value: UInt64, digits: Int, uppercase: Bool = false) {
        let alphabet: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        let table = alphabet.utf8Start
        reserve(digits)
        var shift = (digits - 1) * 4
        while shift >= 0 {
            base[count] = table[Int((value >> UInt64(shift)) & 0xF)]
            count += 1
            shift -= 4
        }
    }

    /// `text` escaped for the inside of a JSON string.
    mutating func append(escaping text: String) {
        let hex: StaticString = "0123456789abcdef"
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                append(byte: 92)
                append(byte: byte)
            case 0x0A: append(#"\n"#)
            case 0x0D: append(#"\r"#)
            case 0x09: append(#"\t"#)
            case 0..<0x20:
                append(#"\u00"#)
                append(byte: hex.utf8Start[Int(byte >> 4)])
                append(byte: hex.utf8Start[Int(byte & 0xF)])
            default: append(byte: byte)
            }
        }
    }
}

/// A string already escaped for the inside of a JSON string: a view of bytes that are never changed.
///
/// Trivially copyable, so the hot path copies texts without reference counting. Texts made with `init(_:)` are
/// allocated once and live for the process (the catalogs' static texts); an estate's texts live in its
/// `TextStore`; `ByteBuffer.view` is valid until the buffer changes.
struct JSONText: @unchecked Sendable {
    // Sendable: the bytes are written once, before the value exists, and never changed or freed while it is used.
    let base: UnsafePointer<UInt8>?
    let count: Int

    init(base: UnsafePointer<UInt8>?, count: Int) {
        self.base = base
        self.count = count
    }

    /// `text`, escaped, in an allocation that lives for the process (for static catalogs).
    init(_ text: String) {
        var buffer = ByteBuffer(capacity: text.utf8.count + 8)
        buffer.append(escaping: text)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(buffer.count, 1))
        storage.update(from: buffer.base, count: buffer.count)
        self.init(base: UnsafePointer(storage), count: buffer.count)
    }

    /// The escaped bytes as a string (tests and messages).
    var escaped: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// The text before escaping (for the names the public API returns; only `\\` and `\"` are undone).
    var unescaped: String {
        var result: [UInt8] = []
        var index = 0
        let bytes = UnsafeBufferPointer(start: base, count: count)
        while index < count {
            if bytes[index] == 92 && index + 1 < count { index += 1 }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Owns the texts of one estate, freed with it.
final class TextStore: @unchecked Sendable {
    // Sendable: texts are added only while the estate is built, before the store is shared; afterwards it is
    // only read, and freed when the last estate holding it goes away.
    private var allocations: [UnsafeMutablePointer<UInt8>] = []

    init() {}

    deinit { for allocation in allocations { allocation.deallocate() } }

    /// `text`, escaped, kept until the store goes away.
    func text(_ text: String) -> JSONText {
        var buffer = ByteBuffer(capacity: text.utf8.count + 8)
        buffer.append(escaping: text)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(buffer.count, 1))
        storage.update(from: buffer.base, count: buffer.count)
        allocations.append(storage)
        return JSONText(base: UnsafePointer(storage), count: buffer.count)
    }
}
