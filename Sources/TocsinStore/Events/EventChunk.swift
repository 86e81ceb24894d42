import Foundation

/// How the events of one append are kept in one row of `event_chunks`: framed with their sources and times of
/// receipt, and compressed as a whole.
///
/// Why rows of many events: under sustained ingest a row per event cost the store more than matching did (a B-tree
/// insert, an index entry and bound values per event), and every byte was written twice, to the write-ahead log and
/// to the database file, where the kernel's page-cache copy for the growing file was the largest single cost of the
/// machine. One row per append, compressed about 5 to 15 times (the events of a batch repeat the same keys and
/// values), cuts both.
///
/// The framed bytes: the number of distinct sources, each source (length, UTF-8); then per event its source's
/// position, its time of receipt as microseconds after the chunk's oldest (all LEB128), its length and its text.
enum EventChunk {
    /// The body is one event's text as it is, unframed: events stored before chunks (migration 8) and never more.
    static let single: Int64 = 0
    /// The body is the framed events compressed with ``BlockCodec``.
    static let compressed: Int64 = 1
    /// The body is the framed events uncompressed (when compressing would not make it smaller).
    static let framed: Int64 = 2

    /// An encoded chunk: its codec, the framed size before compression, the bytes to store, and the oldest and
    /// newest time of receipt of its events.
    struct Encoded: Sendable {
        var codec: Int64
        var framedBytes: Int64
        var body: [UInt8]
        var oldest: Int64
        var newest: Int64
    }

    /// One event read back: its source, time of receipt (microseconds since 1970) and text (a slice of the
    /// decompressed chunk, which the chunk's other events share).
    struct Decoded: Sendable, Equatable {
        var source: String
        var receivedAt: Int64
        var text: EventText
    }

    /// Frames `events` and compresses them when that makes them smaller.
    static func encode(_ events: [StoredEventInput]) -> Encoded {
        let times = events.map { Timestamp.microseconds($0.receivedAt) }
        let oldest = times.min() ?? 0
        var sources: [String: Int] = [:]
        var sourceList: [String] = []
        var positions: [Int] = []
        positions.reserveCapacity(events.count)
        for event in events {
            // Most events of a chunk share their source (one string, which compares without reading its bytes).
            if let last = sourceList.last, event.source == last {
                positions.append(sourceList.count - 1)
            } else if let known = sources[event.source] {
                positions.append(known)
            } else {
                sources[event.source] = sourceList.count
                positions.append(sourceList.count)
                sourceList.append(event.source)
            }
        }
        var framed: [UInt8] = []
        framed.reserveCapacity(events.reduce(16) { $0 + $1.text.count + 8 })
        appendNumber(UInt64(sourceList.count), to: &framed)
        for source in sourceList { appendText(source, to: &framed) }
        for (index, event) in events.enumerated() {
            appendNumber(UInt64(positions[index]), to: &framed)
            appendNumber(UInt64(times[index] - oldest), to: &framed)
            appendNumber(UInt64(event.text.count), to: &framed)
            framed.append(contentsOf: event.text.bytes)
        }
        var body: [UInt8] = []
        framed.withUnsafeBytes { BlockCodec.compress($0, into: &body) }
        let newest = times.max() ?? 0
        if body.count < framed.count {
            return Encoded(
                codec: compressed, framedBytes: Int64(framed.count), body: body, oldest: oldest, newest: newest)
        }
        return Encoded(codec: Self.framed, framedBytes: Int64(framed.count), body: framed, oldest: oldest, newest: newest)
    }

    /// The events of a stored chunk, exactly `count` of them; `oldest` is the chunk's oldest time of receipt, and
    /// `source` the source of a single-event chunk (codec 0), whose body holds only the text.
    static func decode(
        codec: Int64, framedBytes: Int64, body: [UInt8], count: Int, oldest: Int64, source: String
    ) throws(EventChunkError) -> [Decoded] {
        switch codec {
        case single:
            guard count == 1 else { throw EventChunkError("a single-event chunk spans \(count) ids") }
            return [Decoded(source: source, receivedAt: oldest, text: EventText(checking: body[...]))]
        case compressed:
            guard framedBytes >= 0, framedBytes <= Int64(Int32.max) else {
                throw EventChunkError("its framed size \(framedBytes) is out of range")
            }
            let framed: [UInt8]
            do {
                framed = try body.withUnsafeBytes { try BlockCodec.decompress($0, originalCount: Int(framedBytes)) }
            } catch {
                throw EventChunkError("its compressed body is damaged: \(error)")
            }
            return try unframe(framed, count: count, oldest: oldest)
        case framed:
            return try unframe(body, count: count, oldest: oldest)
        default:
            throw EventChunkError("its codec \(codec) is unknown to this version of Tocsin")
        }
    }

    private static func appendNumber(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendNumber(UInt64(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    private static func unframe(_ bytes: [UInt8], count: Int, oldest: Int64) throws(EventChunkError) -> [Decoded] {
        var reader = Reader(bytes: bytes)
        let sourceCount = try reader.number("the number of sources")
        guard sourceCount <= UInt64(max(count, 1)) else {
            throw EventChunkError("it names \(sourceCount) sources for \(count) events")
        }
        var sources: [String] = []
        for _ in 0..<Int(sourceCount) { sources.append(try reader.text("a source")) }
        var events: [Decoded] = []
        events.reserveCapacity(count)
        while !reader.atEnd {
            let source = try reader.number("an event's source")
            guard source < UInt64(sources.count) else {
                throw EventChunkError("an event before byte \(reader.position) names source \(source) of \(sources.count)")
            }
            let offset = try reader.number("an event's time")
            guard offset <= UInt64(Int64.max - oldest) else {
                throw EventChunkError("an event before byte \(reader.position) has a time out of range")
            }
            let text = try reader.bytes("an event")
            events.append(Decoded(source: sources[Int(source)], receivedAt: oldest + Int64(offset), text: EventText(checking: text)))
        }
        guard events.count == count else {
            throw EventChunkError("it holds \(events.count) events where its ids say \(count)")
        }
        return events
    }

    /// Reads LEB128 numbers and length-prefixed texts, naming what was cut off and where.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }

        mutating func number(_ what: String) throws(EventChunkError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.count, shift <= 56 else {
                    throw EventChunkError("\(what) at byte \(position) is cut off")
                }
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { return value }
            }
        }

        mutating func text(_ what: String) throws(EventChunkError) -> String {
            String(decoding: try bytes(what), as: UTF8.self)
        }

        /// Length-prefixed bytes, as a slice of the chunk.
        mutating func bytes(_ what: String) throws(EventChunkError) -> ArraySlice<UInt8> {
            let length = try number("the length of \(what)")
            guard length <= UInt64(bytes.count - position) else {
                throw EventChunkError("\(what) at byte \(position) runs past the end of the chunk")
            }
            let slice = bytes[position..<position + Int(length)]
            position += Int(length)
            return slice
        }
    }
}

/// A stored chunk that cannot be read back, and why.
struct EventChunkError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
