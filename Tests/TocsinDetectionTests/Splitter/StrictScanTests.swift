import Foundation
import Testing
import TocsinCore

@testable import TocsinDetection

/// Ingest matches each event with the scanner in strict mode and takes what it accepts without a second check; these
/// tests hold that mode to the ingest validator on the same text.
@Suite("Event scanner, strict mode: accepts exactly what the JSON validator accepts")
struct StrictScanTests {
    static let scanner = EventScanner(layout: FieldLayout())

    static func strictAccepts(_ bytes: [UInt8]) -> Bool {
        var leaves: [Leaf] = []
        var scratch = EventScanner.Scratch()
        return bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count > 0 else { return false }
            do {
                try scanner.scan(buffer, leaves: &leaves, allValues: nil, strict: true, scratch: &scratch)
                return true
            } catch {
                return false
            }
        }
    }

    static func lenientAccepts(_ bytes: [UInt8]) -> Bool {
        var leaves: [Leaf] = []
        var scratch = EventScanner.Scratch()
        return bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count > 0 else { return false }
            return (try? scanner.scan(buffer, leaves: &leaves, allValues: nil, scratch: &scratch)) != nil
        }
    }

    static func validatorAccepts(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { JSONValidator.problem(inObject: $0) == nil }
    }

    @Test(arguments: [
        ("{\"a\":\"tab\there\"}", "a raw tab in a string"),
        ("{\"a\":\"x\u{1F}\"}", "a control character in a string"),
        ("{\"k\u{01}\":1}", "a control character in a key"),
        (#"{"a":"x\q"}"#, "an unknown escape"),
        (#"{"a\q":1}"#, "an unknown escape in a key"),
        (#"{"a":"\u12"}"#, "a short u escape"),
        (#"{"a":"\u12g4"}"#, "a u escape with a non-hex digit"),
        ("{\"a\":\"\\u\u{10}\u{11}\u{12}\u{13}\"}", "control bytes where hex digits belong"),
        (#"{"a":01}"#, "a leading zero"),
        (#"{"a":-}"#, "a sign alone"),
        (#"{"a":1.}"#, "a fraction without digits"),
        (#"{"a":1e}"#, "an exponent without digits"),
        (#"{"a":1e+}"#, "an exponent sign without digits"),
        (#"{"a":1.5.3}"#, "two points"),
        (#"{"a":--1}"#, "two signs"),
        (#"{"a":1-2}"#, "a sign inside"),
    ])
    func lenientOnlyText(_ text: String, _ what: String) {
        let bytes = Array(text.utf8)
        #expect(!Self.validatorAccepts(bytes), "\(what): the validator refuses it")
        #expect(!Self.strictAccepts(bytes), "\(what): strict mode refuses it")
        #expect(Self.lenientAccepts(bytes), "\(what): hunt's lenient mode still reads it")
    }

    @Test(arguments: [
        #"{"a":0}"#, #"{"a":-0.5e-7}"#, #"{"a":10E+3}"#, #"{"a":"\"\\\/\b\f\n\r\t\u00e9\uABCD"}"#,
        #"{"\u0041":[1,2,{"b":null}],"c":true,"d":false}"#, " \n{\t\"a\" : [ ] , \"b\" : { } }\r\n",
    ])
    func strictText(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.validatorAccepts(bytes))
        #expect(Self.strictAccepts(bytes))
    }

    static let eventsFolder = URL(fileURLWithPath: #filePath)  // <package>/Tests/TocsinDetectionTests/Splitter/<file>
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/data/events", isDirectory: true)
        .standardizedFileURL

    @Test(
        "the recorded attack events (the first 256 KB of each file) are accepted by both",
        .enabled(
            if: FileManager.default.fileExists(atPath: eventsFolder.path)
                || ProcessInfo.processInfo.environment["CI"] == "true",
            "no ../shared/data/events next to the package (CI=true makes this a failure)"))
    func recordedEvents() throws {
        let walker = try #require(FileManager.default.enumerator(atPath: Self.eventsFolder.path))
        let paths = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") }.sorted()
        var checked = 0
        for path in paths {
            let data = try Data(contentsOf: Self.eventsFolder.appendingPathComponent(path)).prefix(256 << 10)
            var lines = data.split(separator: 0x0A)
            if data.count == 256 << 10 { lines.removeLast() }  // cut off
            for line in lines where !line.isEmpty {
                let bytes = Array(line)
                let validator = Self.validatorAccepts(bytes)
                #expect(validator, "\(path): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
                #expect(Self.strictAccepts(bytes) == validator, "\(path): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }

    /// Random JSON objects, then random damage: a byte replaced, dropped or added, from the characters that matter
    /// to JSON's grammar. Both must agree on every one.
    @Test("random objects, damaged at random, are accepted by both or refused by both")
    func randomDamage() {
        var generator = SplitMix64(seed: 20261207)
        let alphabet: [UInt8] = Array(#"{}[]":,\/ btnrfu0123456789-+.eEx"#.utf8) + [0x09, 0x0A, 0x01, 0x1F, 0x7F, 0xC3]
        var refusedByBoth = 0
        var acceptedByBoth = 0
        for round in 0..<30_000 {
            var bytes = Array(Self.object(depth: 0, &generator).utf8)
            let damage = round % 10 == 0 ? 0 : Int.random(in: 1...2, using: &generator)
            for _ in 0..<damage where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = byte
                case 1: bytes.remove(at: at)
                default: bytes.insert(byte, at: at)
                }
            }
            // UTF-8 is checked before either runs (RecordSplitter); keep to text that passes it.
            guard String(validating: bytes, as: UTF8.self) != nil else { continue }
            let validator = Self.validatorAccepts(bytes)
            let strict = Self.strictAccepts(bytes)
            #expect(strict == validator, "\(String(decoding: bytes, as: UTF8.self))")
            if strict != validator { return }
            if validator { acceptedByBoth += 1 } else { refusedByBoth += 1 }
        }
        // Both kinds were met often enough for the agreement to mean something.
        #expect(acceptedByBoth > 3_000)
        #expect(refusedByBoth > 10_000)
    }

    static func object(depth: Int, _ generator: inout SplitMix64) -> String {
        let count = Int.random(in: 0...(depth > 2 ? 2 : 4), using: &generator)
        let members = (0..<count).map { _ in
            string(&generator) + space(&generator) + ":" + space(&generator) + value(depth: depth + 1, &generator)
        }
        return "{" + space(&generator) + members.joined(separator: "," + space(&generator)) + space(&generator) + "}"
    }

    static func value(depth: Int, _ generator: inout SplitMix64) -> String {
        switch Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &generator) {
        case 0, 1: return string(&generator)
        case 2: return number(&generator)
        case 3: return ["true", "false", "null"][Int.random(in: 0..<3, using: &generator)]
        case 4, 5: return number(&generator)
        case 6: return object(depth: depth, &generator)
        default:
            let count = Int.random(in: 0...3, using: &generator)
            return "[" + (0..<count).map { _ in value(depth: depth + 1, &generator) }.joined(separator: ",") + "]"
        }
    }

    static func string(_ generator: inout SplitMix64) -> String {
        let pieces = ["a", "Image", "C:", "\\\\", "\\\"", "\\n", "\\u00e9", "\\u12AB", "ü", "€", " ", ".", "x/y", "\\/"]
        let count = Int.random(in: 0...4, using: &generator)
        return "\"" + (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            + "\""
    }

    static func number(_ generator: inout SplitMix64) -> String {
        let pieces = ["0", "7", "-1", "42", "3.25", "-0.5", "1e9", "2E-3", "6.02e+23", "4688"]
        return pieces[Int.random(in: 0..<pieces.count, using: &generator)]
    }

    static func space(_ generator: inout SplitMix64) -> String {
        [" ", "", "", "", "\n", "\t ", "\r\n"][Int.random(in: 0..<7, using: &generator)]
    }
}
