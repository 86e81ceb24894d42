/// How a run of events is kept in one row of `event_chunks`: the events appended together from one source at one
/// instant, length-prefixed and compressed as a whole.
///
/// Why rows of many events: under sustained ingest a row per event cost the store more than matching did (a B-tree
/// insert, an index entry and a bound value per event), and every byte was written twice, to the write-ahead log and
/// to the database file, where the kernel's page-cache copy for the growing file was the largest single cost of the
/// machine. One row per batch, compressed about 5x, cuts both: events of a batch repeat the same keys and values.
enum EventChunk {
    /// The body is one event's text as it is, unframed: events stored before chunks (migration 8) and never more.
    static let single: Int64 = 0
    /// The body is the framed events compressed with ``BlockCodec``.
    static let compressed: Int64 = 1
    /// The body is the framed events uncompressed (when compressing would not make it smaller).
    static let framed: Int64 = 2

    /// An encoded chunk: its codec, the framed size before compression, and the bytes to store.
    struct Encoded: Sendable {
        var codec: Int64
        var framedBytes: Int64
        var body: [UInt8]
    }

    /// Frames `raws` (each length as LEB128, then its bytes) and compresses them when that makes them smaller.
    static func encode(_ raws: some Collection<String>) -> Encoded {
        var framed: [UInt8] = []
        framed.reserveCapacity(raws.reduce(0) { $0 + $1.utf8.count + 3 })
        for raw in raws {
            var length = raw.utf8.count
            while length >= 0x80 {
                framed.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            framed.append(UInt8(length))
            var text = raw
            text.withUTF8 { framed.append(contentsOf: $0) }
        }
        var body: [UInt8] = []
        framed.withUnsafeBytes { BlockCodec.compress($0, into: &body) }
        if body.count < framed.count {
            return Encoded(codec: compressed, framedBytes: Int64(framed.count), body: body)
        }
        return Encoded(codec: Self.framed, framedBytes: Int64(framed.count), body: framed)
    }

    /// The events' texts of a stored chunk, exactly `count` of them.
    static func decode(codec: Int64, framedBytes: Int64, body: [UInt8], count: Int) throws(EventChunkError) -> [String] {
        switch codec {
        case single:
            guard count == 1 else { throw EventChunkError("a single-event chunk spans \(count) ids") }
            return [String(decoding: body, as: UTF8.self)]
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
            return try unframe(framed, count: count)
        case framed:
            return try unframe(body, count: count)
        default:
            throw EventChunkError("its codec \(codec) is unknown to this version of Tocsin")
        }
    }

    private static func unframe(_ bytes: [UInt8], count: Int) throws(EventChunkError) -> [String] {
        var texts: [String] = []
        texts.reserveCapacity(count)
        var position = 0
        while position < bytes.count {
            var length = 0
            var shift = 0
            while true {
                guard position < bytes.count, shift <= 28 else {
                    throw EventChunkError("an event's length at byte \(position) is cut off")
                }
                let byte = bytes[position]
                position += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            guard length <= bytes.count - position else {
                throw EventChunkError("an event at byte \(position) runs past the end of the chunk")
            }
            texts.append(String(decoding: bytes[position..<position + length], as: UTF8.self))
            position += length
        }
        guard texts.count == count else {
            throw EventChunkError("it holds \(texts.count) events where its ids say \(count)")
        }
        return texts
    }
}

/// A stored chunk that cannot be read back, and why.
struct EventChunkError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
