import Foundation
import Testing

@testable import TocsinServer

@Suite("Ingest: request bodies")
struct IngestBatchTests {
    @Test func goodLinesAreTakenBadOnesRefusedWithTheirLine() {
        let body = Array(
            (#"{"a":1}"# + "\n\n" + #"{"b":"#  + "\n" + "[1,2]\n" + #"{"c":"ok"}"# + "\n").utf8)
            + [0x7B, 0x22, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x0A]
        let batch = IngestBatch.parse(ndjson: body, maxEventBytes: 1024)
        #expect(batch.events.map(\.line) == [1, 5])
        #expect(batch.events.map(\.text.string) == [#"{"a":1}"#, #"{"c":"ok"}"#])
        #expect(batch.rejected.map(\.line) == [3, 4, 6])
        #expect(batch.rejected.allSatisfy { !$0.reason.isEmpty })
        // The UTF-8 of a line is checked with its JSON, and named as such.
        #expect(batch.rejected.last?.reason == "invalid UTF-8 at byte 7 of the event; skipped")
        #expect(batch.rejected.first?.reason.hasPrefix("malformed JSON: ") == true)
    }

    @Test func anOverlongLineIsRefusedAndTheNextIsTaken() {
        let long = #"{"a":""# + String(repeating: "x", count: 2000) + #""}"#
        let batch = IngestBatch.parse(ndjson: Array((long + "\n" + #"{"b":2}"#).utf8), maxEventBytes: 1024)
        #expect(batch.events.map(\.line) == [2])
        #expect(batch.rejected.map(\.line) == [1])
    }

    @Test func gzipBodiesInflateWithinTheLimit() throws {
        let text = String(repeating: #"{"CommandLine":"powershell -enc AAAA"}"# + "\n", count: 1000)
        let compressed = try Self.gzip(Array(text.utf8))
        #expect(compressed.count < text.utf8.count / 10)
        #expect(try Gunzip.inflate(compressed, limit: 1 << 20) == Array(text.utf8))
        #expect(throws: Gunzip.Failure.tooLarge) { try Gunzip.inflate(compressed, limit: 1000) }
        #expect(throws: Gunzip.Failure.self) { try Gunzip.inflate(Array(compressed.prefix(compressed.count / 2)), limit: 1 << 20) }
        #expect(throws: Gunzip.Failure.self) { try Gunzip.inflate(Array("not gzip at all".utf8), limit: 1 << 20) }
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = NSTemporaryDirectory() + "tocsin-gzip-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", input]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}
