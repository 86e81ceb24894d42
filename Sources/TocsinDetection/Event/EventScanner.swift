import Foundation

/// A JSON event that cannot be read, with the byte offset where reading stopped.
public struct EventSyntaxError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at byte \(offset + 1): \(message)" }
}

/// The kind of a JSON leaf value.
public enum LeafKind: UInt8, Sendable {
    case string = 0
    /// A string with backslash escapes that must be decoded before use.
    case escapedString
    case number
    case boolean
    case null
}

/// One leaf value found at a registered path: a byte range of the event.
public struct Leaf: Sendable {
    public var pathID: Int32
    public var start: Int32
    public var end: Int32
    public var kind: LeafKind
    /// The next leaf of the same path (arrays), or -1.
    public var next: Int32
}

/// Walks a JSON event once and keeps byte ranges of only the values whose path some rule reads.
///
/// Paths are hashed while walking, so no key is decoded or copied: each key eight bytes at a time (xor, then
/// multiply by the FNV prime, the last word padded with its length), a `.` between keys. A key that holds a `.`
/// counts as the keys on either side of it, so the flat key `a.b` and `{"a": {"b": …}}` are the same path. An element
/// holding `{"#text": v}` also counts as `v`, array elements share their array's path, and one path component may
/// be `*` (any key), as in `Event.UserData.*.Field`. Spaces in keys are ignored, so the `New Value` that some
/// exporters write is found as `NewValue`, the name Sigma rules use.
public struct EventScanner: Sendable {
    private let tableKeys: [UInt64]
    private let tableValues: [Int32]
    /// Right shift that turns a mixed hash into a table slot (64 minus the bits of the capacity).
    private let tableShift: UInt64
    private let tableMask: Int
    /// Component index of the `*` in the registered paths, or -1.
    private let starDepth: Int
    public let pathCount: Int

    static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3
    /// The word that stands for the key `*` (one byte, padded with its length).
    static let starWord: UInt64 = 0x2A | (1 << 56)

    /// Builds a scanner for the paths of `layout`.
    public init(layout: FieldLayout) {
        let paths = layout.paths
        pathCount = paths.count
        var capacity = 16
        var bits: UInt64 = 4
        while capacity < paths.count * 4 {
            capacity <<= 1
            bits += 1
        }
        tableShift = 64 - bits
        tableMask = capacity - 1
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Int32](repeating: -1, count: capacity)
        var star = -1
        for (id, path) in paths.enumerated() {
            let components = path.split(separator: ".", omittingEmptySubsequences: false)
            if let position = components.firstIndex(of: "*"), star < 0 { star = position }
            let hash = Array(path.utf8).withUnsafeBufferPointer { Self.hashKey(Self.basis, $0) } | 1  // 0: empty
            var slot = Self.slot(hash, shift: tableShift)
            while values[slot] >= 0 && keys[slot] != hash { slot = (slot + 1) & (capacity - 1) }
            if values[slot] < 0 {
                keys[slot] = hash
                values[slot] = Int32(id)
            }
        }
        tableKeys = keys
        tableValues = values
        starDepth = star
    }

    /// The table slot of a hash: its high bits after one more multiplication (the low bits of a hash depend on the
    /// first bytes of each word only).
    @inline(__always)
    static func slot(_ hash: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    private func lookup(_ hash: UInt64) -> Int32 {
        let key = hash | 1
        var slot = Self.slot(key, shift: tableShift)
        while true {
            let value = tableValues[slot]
            if value < 0 { return -1 }
            if tableKeys[slot] == key { return value }
            slot = (slot + 1) & tableMask
        }
    }

    /// Mixes one word of a key into a hash.
    @inline(__always)
    static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 { (hash ^ word) &* prime }

    /// Mixes the bytes of one key component (no `.` and no space in it) into `hash`: eight bytes at a time, little
    /// endian, the last 1-7 padded with zeros and their count in the top byte.
    static func hashComponent(_ hash: UInt64, _ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash = hash
        var index = bytes.startIndex
        while index + 8 <= bytes.endIndex {
            var word: UInt64 = 0
            for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * offset) }
            hash = mix(hash, word)
            index += 8
        }
        let rest = bytes.endIndex - index
        if rest > 0 {
            var word = UInt64(rest) << 56
            for offset in 0..<rest { word |= UInt64(bytes[index + offset]) << (8 * offset) }
            hash = mix(hash, word)
        }
        return hash
    }

    /// Mixes decoded key text into `hash` the slow way, which every other way must agree with: spaces are dropped,
    /// and each `.` separates components (mixed in as the byte itself).
    static func hashKey(_ hash: UInt64, _ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = hash
        var component: [UInt8] = []
        for byte in text where byte != 0x20 {
            if byte == 0x2E {
                hash = hashComponent(hash, component[...])
                hash = mix(hash, 0x2E)
                component.removeAll(keepingCapacity: true)
            } else {
                component.append(byte)
            }
        }
        return hashComponent(hash, component[...])
    }

    /// ``hashKey(_:_:)`` without building each component in an array first: bytes gather into a word as they come,
    /// a word is mixed when it is full, and a component's last partial word when a `.` or the end closes it.
    static func hashKeyInPlace(_ hash: UInt64, _ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = hash
        var word: UInt64 = 0
        var filled: UInt64 = 0
        for byte in text where byte != 0x20 {
            if byte == 0x2E {
                if filled > 0 { hash = mix(hash, word | filled << 56) }
                hash = mix(hash, 0x2E)
                word = 0
                filled = 0
            } else {
                word |= UInt64(byte) << (8 * filled)
                filled += 1
                if filled == 8 {
                    hash = mix(hash, word)
                    word = 0
                    filled = 0
                }
            }
        }
        if filled > 0 { hash = mix(hash, word | filled << 56) }
        return hash
    }

    /// Scratch space a scan reuses from event to event.
    public struct Scratch: Sendable {
        fileprivate var stack: [Frame] = []
        /// How far the text of the event scanned last can be trusted by the literal pre-filter, found while its
        /// strings were walked (see ``DetectionWorker/Exhaustiveness``).
        var exhaustiveness = DetectionWorker.Exhaustiveness.none
        /// Creates empty scratch space.
        public init() { stack.reserveCapacity(32) }
    }

    fileprivate struct Frame: Sendable {
        var hash: UInt64
        var starHash: UInt64
        /// Number of key components in the path (0 at the root).
        var depth: Int32
        var isArray: Bool
        var parentHash: UInt64
        var parentStarHash: UInt64
        var isText: Bool
    }

    /// Scans `record`, appending leaves at registered paths to `leaves` (and every scalar to `allValues` when given).
    ///
    /// With `valueText`, the raw bytes of every value but `null` are also written there, each followed by a NUL byte,
    /// and `valueTextCount` is set to how many bytes that took; it must have room for `record.count` bytes plus one
    /// per value, and 16 more that short values are copied into a word at a time (twice `record.count` plus 16
    /// always suffices).
    public func scan(
        _ record: UnsafeBufferPointer<UInt8>, leaves: inout [Leaf], allValues: UnsafeMutablePointer<[Leaf]>?,
        valueText: UnsafeMutablePointer<UInt8>? = nil, valueTextCount: UnsafeMutablePointer<Int>? = nil,
        scratch: inout Scratch
    ) throws(EventSyntaxError) {
        guard let base = record.baseAddress else { throw EventSyntaxError(offset: 0, message: "empty event") }
        let end = record.count
        var position = 0
        @inline(__always) func skipSpace() {
            while position < end {
                let byte = base[position]
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 } else { break }
            }
        }
        skipSpace()
        guard position < end, base[position] == 0x7B else {
            throw EventSyntaxError(offset: position, message: "an event must be a JSON object")
        }
        scratch.stack.removeAll(keepingCapacity: true)
        var trust = DetectionWorker.Exhaustiveness.none
        var written = 0
        defer {
            scratch.exhaustiveness = trust
            valueTextCount?.pointee = written
        }
        try walk(
            base, end: end, position: &position, leaves: &leaves, allValues: allValues, valueText: valueText,
            written: &written, stack: &scratch.stack, trust: &trust)
    }

    private func walk(
        _ base: UnsafePointer<UInt8>, end: Int, position: inout Int, leaves: inout [Leaf],
        allValues: UnsafeMutablePointer<[Leaf]>?, valueText: UnsafeMutablePointer<UInt8>?, written: inout Int,
        stack: inout [Frame], trust: inout DetectionWorker.Exhaustiveness
    ) throws(EventSyntaxError) {
        @inline(__always) func skipSpace() {
            while position < end {
                let byte = base[position]
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 } else { break }
            }
        }
        // The container being read is `top`, held here rather than on the stack (read for every key and value);
        // the stack holds the containers around it.
        var top = Frame(
            hash: Self.basis, starHash: 0, depth: 0, isArray: false, parentHash: 0, parentStarHash: 0, isText: false)
        position += 1
        var expectValueFirst = true  // just after an opening bracket

        @inline(__always) func emit(hash: UInt64, starHash: UInt64, isText: Bool, parentHash: UInt64,
            parentStarHash: UInt64, start: Int, stop: Int, kind: LeafKind, leaves: inout [Leaf])
        {
            @inline(__always) func add(_ id: Int32) {
                leaves.append(Leaf(pathID: id, start: Int32(start), end: Int32(stop), kind: kind, next: -1))
            }
            let id = lookup(hash)
            if id >= 0 { add(id) }
            if starHash != 0 {
                let starID = lookup(starHash)
                if starID >= 0 { add(starID) }
            }
            if isText {
                let parentID = lookup(parentHash)
                if parentID >= 0 { add(parentID) }
                if parentStarHash != 0 {
                    let starID = lookup(parentStarHash)
                    if starID >= 0 { add(starID) }
                }
            }
            if let allValues, kind != .null {
                allValues.pointee.append(Leaf(pathID: -1, start: Int32(start), end: Int32(stop), kind: kind, next: -1))
            }
            if let valueText, kind != .null {
                let length = stop - start
                let target = valueText + written
                if length <= 16 && start + 16 <= end {
                    // Most values are short: two word copies instead of a call, the rest overwritten next.
                    let source = UnsafeRawPointer(base + start)
                    UnsafeMutableRawPointer(target).storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    UnsafeMutableRawPointer(target + 8).storeBytes(
                        of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), as: UInt64.self)
                } else {
                    target.update(from: base + start, count: length)
                }
                written += length
                valueText[written] = 0
                written += 1
            }
        }

        while true {
            skipSpace()
            guard position < end else { throw EventSyntaxError(offset: position, message: "unexpected end of event") }
            var byte = base[position]
            // Close the container or step over the separator.
            if byte == (top.isArray ? 0x5D : 0x7D) {
                position += 1
                guard let outer = stack.popLast() else { break }
                top = outer
                expectValueFirst = false
                continue
            }
            if !expectValueFirst {
                guard byte == 0x2C else {
                    throw EventSyntaxError(
                        offset: position, message: "expected ',' or '\(top.isArray ? "]" : "}")'")
                }
                position += 1
                skipSpace()
                guard position < end else {
                    throw EventSyntaxError(offset: position, message: "unexpected end of event")
                }
                byte = base[position]
            }
            expectValueFirst = false
            // The path of the value that follows.
            var hash = top.hash
            var starHash = top.starHash
            var depth = top.depth
            var isText = false
            if !top.isArray {
                guard byte == 0x22 else { throw EventSyntaxError(offset: position, message: "expected a key") }
                position += 1
                let keyStart = position
                guard let (close, keyEscaped) = Self.stringEnd(base, from: position, end: end, trust: &trust) else {
                    throw EventSyntaxError(offset: keyStart - 1, message: "unterminated key")
                }
                if depth > 0 {
                    hash = Self.mix(hash, 0x2E)
                    if starHash != 0 { starHash = Self.mix(starHash, 0x2E) }
                }
                // Eight bytes at a time while the key has no `.` and no space; otherwise (and for escaped keys) the
                // slow way from the start of the key.
                let keyLength = close - keyStart
                var plain = !keyEscaped
                if plain {
                    let startHash = hash
                    let startStarHash = starHash
                    var offset = 0
                    while offset + 8 <= keyLength {
                        let word = UnsafeRawPointer(base + keyStart + offset).loadUnaligned(as: UInt64.self)
                        if SWAR.spaceOrDot(word) != 0 {
                            plain = false
                            break
                        }
                        hash = Self.mix(hash, word)
                        if starHash != 0 { starHash = Self.mix(starHash, word) }
                        offset += 8
                    }
                    let rest = keyLength - offset
                    if plain && rest > 0 {
                        var word: UInt64
                        if keyStart + offset + 8 <= end {
                            word = UnsafeRawPointer(base + keyStart + offset).loadUnaligned(as: UInt64.self)
                            word &= (1 << UInt64(8 * rest)) &- 1
                        } else {
                            word = 0
                            for index in 0..<rest { word |= UInt64(base[keyStart + offset + index]) << (8 * index) }
                        }
                        if SWAR.spaceOrDot(word) != 0 {
                            plain = false
                        } else {
                            word |= UInt64(rest) << 56
                            hash = Self.mix(hash, word)
                            if starHash != 0 { starHash = Self.mix(starHash, word) }
                        }
                    }
                    if !plain {
                        hash = startHash
                        starHash = startStarHash
                    }
                }
                if !plain {
                    if keyEscaped {
                        // A key is text like a value: `"Ima\u0067e"` is the key `Image`. Rare, so decoded into a copy.
                        var decoded: [UInt8] = []
                        JSONText.unescape(UnsafeBufferPointer(start: base + keyStart, count: keyLength), into: &decoded)
                        decoded.withUnsafeBufferPointer { text in
                            hash = Self.hashKeyInPlace(hash, text)
                            if starHash != 0 { starHash = Self.hashKeyInPlace(starHash, text) }
                        }
                    } else {
                        // Spaces or dots, as in the `Engine version` of Defender's events: hashed where it stands.
                        let text = UnsafeBufferPointer(start: base + keyStart, count: keyLength)
                        hash = Self.hashKeyInPlace(hash, text)
                        if starHash != 0 { starHash = Self.hashKeyInPlace(starHash, text) }
                    }
                }
                if Int(depth) == starDepth {
                    var star = top.hash
                    if depth > 0 { star = Self.mix(star, 0x2E) }
                    starHash = Self.mix(star, Self.starWord)
                }
                isText = close - keyStart == 5 && base[keyStart] == 0x23 && base[keyStart + 1] == 0x74
                    && base[keyStart + 2] == 0x65 && base[keyStart + 3] == 0x78 && base[keyStart + 4] == 0x74
                depth += 1
                position = close + 1
                skipSpace()
                guard position < end, base[position] == 0x3A else {
                    throw EventSyntaxError(offset: position, message: "expected ':' after a key")
                }
                position += 1
                skipSpace()
                guard position < end else {
                    throw EventSyntaxError(offset: position, message: "unexpected end of event")
                }
                byte = base[position]
            } else {
                isText = top.isText
            }
            let parentHash = top.isArray ? top.parentHash : top.hash
            let parentStarHash = top.isArray ? top.parentStarHash : top.starHash
            switch byte {
            case 0x22:
                let start = position + 1
                guard let (close, escaped) = Self.stringEnd(base, from: start, end: end, trust: &trust) else {
                    throw EventSyntaxError(offset: position, message: "unterminated string")
                }
                emit(hash: hash, starHash: starHash, isText: isText, parentHash: parentHash,
                    parentStarHash: parentStarHash, start: start, stop: close,
                    kind: escaped ? .escapedString : .string, leaves: &leaves)
                position = close + 1
            case 0x7B, 0x5B:
                guard stack.count < 255 else { throw EventSyntaxError(offset: position, message: "nested too deeply") }
                stack.append(top)
                top = Frame(
                    hash: hash, starHash: starHash, depth: depth, isArray: byte == 0x5B, parentHash: parentHash,
                    parentStarHash: parentStarHash, isText: isText)
                position += 1
                expectValueFirst = true
            case 0x2D, 0x30...0x39:
                let start = position
                position += 1
                while position < end {
                    let c = base[position]
                    if (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D {
                        position += 1
                    } else {
                        break
                    }
                }
                emit(hash: hash, starHash: starHash, isText: isText, parentHash: parentHash,
                    parentStarHash: parentStarHash, start: start, stop: position, kind: .number, leaves: &leaves)
            case 0x74, 0x66, 0x6E:
                let word: StaticString = byte == 0x74 ? "true" : byte == 0x66 ? "false" : "null"
                let length = word.utf8CodeUnitCount
                guard position + length <= end, memcmp(base + position, word.utf8Start, length) == 0 else {
                    throw EventSyntaxError(offset: position, message: "unexpected character '\(printable(byte))'")
                }
                emit(hash: hash, starHash: starHash, isText: isText, parentHash: parentHash,
                    parentStarHash: parentStarHash, start: position, stop: position + length,
                    kind: byte == 0x6E ? .null : .boolean, leaves: &leaves)
                position += length
            default:
                throw EventSyntaxError(offset: position, message: "unexpected character '\(printable(byte))'")
            }
        }
        skipSpace()
        if position < end {
            throw EventSyntaxError(offset: position, message: "unexpected text after the event")
        }
    }

    private func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
    }

    /// The index of the closing quote of a string whose body starts at `from`, and whether the body has escapes.
    ///
    /// Eight bytes at a time while none is a quote, a backslash or not ASCII (most of an event is ASCII string
    /// bodies, and a call to `memchr` per string, twice, cost more than the strings' bytes on events of short
    /// values). At escapes and non-ASCII bytes it also notes in `trust` what can hide a literal from the pre-filter:
    /// only strings hold them in JSON, so this sees all of the event's.
    @inline(__always)
    static func stringEnd(
        _ base: UnsafePointer<UInt8>, from: Int, end: Int, trust: inout DetectionWorker.Exhaustiveness
    ) -> (close: Int, escaped: Bool)? {
        var position = from
        var escaped = false
        while true {
            position = SWAR.skip(base, from: position, end: end) { SWAR.quoteOrBackslash($0) | ($0 & SWAR.highs) }
            guard position < end else { return nil }
            let byte = base[position]
            if byte == 0x22 { return (position, escaped) }
            if byte == 0x5C {
                escaped = true
                guard position + 1 < end else { return nil }
                let next = base[position + 1]
                if next == 0x2F || (next == 0x75 && !Self.isControlEscape(base, at: position, end: end)) {
                    trust = .all
                }
                // A non-ASCII byte after a backslash (not a valid escape) is looked at on its own next.
                position += next >= 0x80 ? 1 : 2
            } else {
                if byte >= 0x80 { Self.noteNonASCII(base, at: position, end: end, trust: &trust) }
                position += 1
            }
        }
    }

    // What makes the raw text hide a literal from the byte-wise pre-filter (``DetectionWorker/Exhaustiveness``):
    // escaped `/` or non-control `\u` escapes, or characters whose lower case or case folding is ASCII (U+0130,
    // U+212A, U+017F) make it `.all`; characters that fold to several ASCII letters in case-insensitive regular
    // expressions (U+00DF, U+1E9E, U+FB00–U+FB06) `.foldingRegexes`. `stringEnd` finds them; these two decide.

    /// Whether the `\u` escape at `index` is `\u0000`-`\u001F` (a control character, which no needle holds);
    /// a cut-off escape counts as one.
    @inline(__always)
    static func isControlEscape(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> Bool {
        index + 5 >= end || (base[index + 2] == 0x30 && base[index + 3] == 0x30 && base[index + 4] <= 0x31)
    }

    /// Notes in `trust` what the non-ASCII byte at `index` starts: `İ`, `ſ` or the Kelvin sign (whose lower case or
    /// case folding is ASCII) make every variant count; `ß`, `ẞ` or a ligature `ﬀ`-`ﬆ` case-insensitive regexes.
    @inline(never)
    static func noteNonASCII(_ base: UnsafePointer<UInt8>, at index: Int, end: Int, trust: inout DetectionWorker.Exhaustiveness) {
        guard trust != .all, index + 1 < end else { return }
        let byte = base[index]
        let second = base[index + 1]
        if byte == 0xC4 && second == 0xB0 { trust = .all }
        if byte == 0xC5 && second == 0xBF { trust = .all }
        if trust == .all { return }
        if byte == 0xC3 && second == 0x9F { trust = .foldingRegexes }
        guard index + 2 < end else { return }
        let third = base[index + 2]
        if byte == 0xE2 && second == 0x84 && third == 0xAA { trust = .all }
        if trust == .all { return }
        if byte == 0xE1 && second == 0xBA && third == 0x9E { trust = .foldingRegexes }
        if byte == 0xEF && second == 0xAC && third >= 0x80 && third <= 0x86 { trust = .foldingRegexes }
    }
}
