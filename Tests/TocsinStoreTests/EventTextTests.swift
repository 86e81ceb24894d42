import Foundation
import Testing

@testable import TocsinStore

@Suite("Event text: slices of a shared buffer")
struct EventTextTests {
    @Test func validBytesAreKeptAsTheyAre() {
        let body = Array(#"{"a":"x"}"#.utf8) + Array("{\"name\":\"Müller 日本 🚑 and a long ASCII tail\"}".utf8)
        let first = EventText(checking: body[0..<9])
        let second = EventText(checking: body[9...])
        #expect(first.string == #"{"a":"x"}"#)
        #expect(second.string == "{\"name\":\"Müller 日本 🚑 and a long ASCII tail\"}")
        // Still slices of the one buffer: same bytes at the same indices, nothing copied into a string.
        #expect(second.bytes.startIndex == 9)
        #expect(second.bytes.elementsEqual(body[9...]))
    }

    /// Bytes read back from a damaged database are repaired (U+FFFD for each bad sequence), so matching only ever
    /// sees valid UTF-8; good bytes around them are kept.
    @Test(arguments: [[0xFF] as [UInt8], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xE2, 0x82]])
    func damagedBytesAreRepaired(_ bad: [UInt8]) {
        let bytes = Array(#"{"padding":"abcdefgh","x":""#.utf8) + bad + Array(#""}"#.utf8)
        let text = EventText(checking: bytes[...])
        #expect(String(validating: text.bytes, as: UTF8.self) != nil)
        #expect(text.string == String(decoding: bytes, as: UTF8.self))
        #expect(text.string.contains("\u{FFFD}"))
    }

    @Test func aChunkReadBackGivesEachEventItsBytes() throws {
        let received = Date(timeIntervalSince1970: 1_765_000_000)
        let events = ["{\"a\":1}", "{\"b\":\"ü\"}", "{\"c\":\"x\"}"].map {
            StoredEventInput(source: "http:test", receivedAt: received, raw: $0)
        }
        let chunk = EventChunk.encode(events)
        let decoded = try EventChunk.decode(
            codec: chunk.codec, framedBytes: chunk.framedBytes, body: chunk.body, count: events.count,
            oldest: chunk.oldest, source: "")
        #expect(decoded.map(\.text.string) == events.map(\.raw))
        #expect(decoded.map(\.text) == events.map(\.text))
        #expect(decoded.allSatisfy { $0.source == "http:test" })
    }
}
