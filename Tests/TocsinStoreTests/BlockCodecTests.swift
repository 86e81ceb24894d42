import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: the LZ4-format block codec for event batches")
struct BlockCodecTests {
    // MARK: - Round trips

    @Test("empty input and a single byte round-trip")
    func tiny() throws {
        #expect(BlockCodec.compress([]) == [0])
        try expectRoundTrip([])
        try expectRoundTrip([0x41])
    }

    @Test("inputs shorter than 13 bytes are stored as literals and round-trip")
    func short() throws {
        for count in 1..<13 {
            let input = (0..<count).map { UInt8(ascii: "a") &+ UInt8($0 % 2) }
            try expectRoundTrip(input)
            // Too short for any match under the end rules: one token, the literals, nothing else.
            #expect(BlockCodec.compress(input).count == 1 + count)
        }
    }

    @Test("runs of one byte and short periods: long matches and overlapping copies with offsets 1 to 8")
    func overlapping() throws {
        for count in [13, 14, 19, 20, 64, 270, 271, 1_000, 100_000] {
            try expectRoundTrip([UInt8](repeating: 0x20, count: count))
        }
        for period in 1...8 {
            let input = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 % period &* 37) }
            let compressed = try expectRoundTrip(input)
            #expect(compressed.count < 1_000, "period \(period) compressed to \(compressed.count) bytes")
        }
    }

    @Test("random bytes do not compress and still round-trip")
    func incompressible() throws {
        var generator = SplitMix64(seed: 1)
        for count in [13, 100, 4_096, 300_000] {
            let input = generator.bytes(count)
            let compressed = try expectRoundTrip(input)
            #expect(compressed.count <= BlockCodec.maxCompressedCount(count))
        }
    }

    @Test("repeats exactly at and beyond the 64 KB offset limit round-trip; 65,535 back is still found")
    func offsetLimit() throws {
        var generator = SplitMix64(seed: 2)
        let noise = generator.bytes(70_000)
        for distance in [65_534, 65_535, 65_536, 65_537] {
            let input = Array(noise[0..<distance]) + noise[0..<2_000]
            let compressed = try expectRoundTrip(input)
            if distance <= BlockCodec.maxOffset {
                // The noise costs its literals plus one length byte per 255; the repeat costs a few bytes.
                #expect(compressed.count < distance + distance / 255 + 50, "repeat \(distance) back was not found")
            } else {
                #expect(compressed.count > input.count, "a repeat \(distance) back cannot be encoded")
            }
        }
    }

    @Test("the output keeps the LZ4 end rules: last 5 bytes literal, no match in the last 12")
    func endRules() throws {
        var generator = SplitMix64(seed: 3)
        for count in [13, 17, 40, 1_000, 70_000] {
            for input in [[UInt8](repeating: 7, count: count), generator.text(count)] {
                let matches = try matchSpans(of: BlockCodec.compress(input))
                for span in matches {
                    #expect(span.start <= count - BlockCodec.matchStartMargin, "a match starts in the last 12 bytes")
                    #expect(span.end <= count - BlockCodec.lastLiterals, "a match covers the last 5 bytes")
                }
            }
        }
    }

    @Test("compress appends to existing output")
    func appends() throws {
        let input = Array(String(repeating: #"{"EventID":4688,"Image":"cmd.exe"}"#, count: 20).utf8)
        var output: [UInt8] = [1, 2, 3]
        BlockCodec.compress(input, into: &output)
        #expect(output.prefix(3) == [1, 2, 3])
        #expect(try BlockCodec.decompress(Array(output.dropFirst(3)), originalCount: input.count) == input)
    }

    @Test(
        "2 MB of shared/data/events round-trip at a ratio of at least 3",
        .enabled(
            if: Self.eventsFolderPresent || Self.isCI,
            "no ../shared/data/events next to the package (CI=true makes this a failure)"))
    func eventSample() throws {
        let sample = try #require(Self.eventSample(limit: 2 << 20), "no events under \(Self.eventsFolder.path)")
        let compressed = try expectRoundTrip(sample)
        let ratio = Double(sample.count) / Double(compressed.count)
        #expect(ratio >= 3, "ratio \(ratio) on \(sample.count) bytes of events")
    }

    // MARK: - Damaged input

    @Test("truncated data throws")
    func truncated() throws {
        let input = Array(String(repeating: #"{"Channel":"Security","EventID":4624}"#, count: 50).utf8)
        let compressed = BlockCodec.compress(input)
        for cut in 0..<compressed.count {
            #expect(throws: BlockCodecError.self) {
                try BlockCodec.decompress(Array(compressed[0..<cut]), originalCount: input.count)
            }
        }
    }

    @Test("a match offset of 0 throws at the offset's position")
    func offsetZero() {
        // One literal 'a', then a 4-byte match at offset 0, then 5 literals.
        let block: [UInt8] = [0x10, 0x61, 0x00, 0x00, 0x50] + Array("bcdef".utf8)
        #expect(throws: BlockCodecError(offset: 2, message: "a match offset is 0")) {
            try BlockCodec.decompress(block, originalCount: 10)
        }
    }

    @Test("a match offset pointing before the start throws")
    func offsetBeforeStart() {
        let block: [UInt8] = [0x10, 0x61, 0x02, 0x00, 0x50] + Array("bcdef".utf8)
        let error = #expect(throws: BlockCodecError.self) { try BlockCodec.decompress(block, originalCount: 10) }
        #expect(error?.offset == 2)
    }

    @Test("a literal run past the end of the data throws")
    func literalsPastEnd() {
        #expect(throws: BlockCodecError.self) { try BlockCodec.decompress([0x50, 0x61, 0x62], originalCount: 5) }
        // 15 + 255 + 10 literals announced, 3 present.
        #expect(throws: BlockCodecError.self) {
            try BlockCodec.decompress([0xF0, 0xFF, 0x0A, 0x61, 0x62, 0x63], originalCount: 280)
        }
        // A length that never ends.
        #expect(throws: BlockCodecError.self) { try BlockCodec.decompress([0xF0, 0xFF, 0xFF], originalCount: 600) }
    }

    @Test("output longer or shorter than originalCount throws")
    func wrongSize() throws {
        let input = Array(String(repeating: "0123456789", count: 10).utf8)
        let compressed = BlockCodec.compress(input)
        for claimed in [0, 1, 99, 101, 200, 10_000] {
            #expect(throws: BlockCodecError.self) { try BlockCodec.decompress(compressed, originalCount: claimed) }
        }
        #expect(throws: BlockCodecError.self) { try BlockCodec.decompress(compressed, originalCount: -1) }
        #expect(throws: BlockCodecError.self) { try BlockCodec.decompress([], originalCount: 0) }
        #expect(throws: BlockCodecError.self) { try BlockCodec.decompress([0], originalCount: Int.max) }
    }

    @Test("2,000 random mutations of a valid block throw or give exactly originalCount bytes")
    func mutations() throws {
        var generator = SplitMix64(seed: 4)
        let input = generator.text(40_000)
        let compressed = try expectRoundTrip(input)
        var thrown = 0
        for _ in 0..<2_000 {
            var damaged = compressed
            for _ in 0...generator.below(4) {
                damaged[generator.below(damaged.count)] = UInt8(truncatingIfNeeded: generator.next())
            }
            switch generator.below(4) {
            case 0: damaged.removeLast(generator.below(damaged.count))
            case 1: damaged.insert(UInt8(truncatingIfNeeded: generator.next()), at: generator.below(damaged.count))
            default: break
            }
            do {
                #expect(try BlockCodec.decompress(damaged, originalCount: input.count).count == input.count)
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 0)
    }

    // MARK: - Helpers

    /// Compresses `input`, expects it back unchanged, and returns the compressed bytes.
    @discardableResult
    func expectRoundTrip(_ input: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> [UInt8]
    {
        let compressed = BlockCodec.compress(input)
        #expect(compressed.count <= BlockCodec.maxCompressedCount(input.count), sourceLocation: sourceLocation)
        let restored = try BlockCodec.decompress(compressed, originalCount: input.count)
        #expect(restored == input, "round trip of \(input.count) bytes differs", sourceLocation: sourceLocation)
        return compressed
    }

    /// The output ranges the matches of a valid block cover, read with the format's own rules.
    func matchSpans(of block: [UInt8]) throws -> [(start: Int, end: Int)] {
        var spans: [(start: Int, end: Int)] = []
        var ip = 0
        var op = 0
        func length(_ nibble: Int) throws -> Int {
            guard nibble == 15 else { return nibble }
            var total = nibble
            while true {
                let next = Int(try #require(block.indices.contains(ip) ? block[ip] : nil))
                ip += 1
                total += next
                if next != 255 { return total }
            }
        }
        while true {
            let token = Int(block[ip])
            ip += 1
            let literals = try length(token >> 4)
            ip += literals
            op += literals
            if ip >= block.count { break }
            let offset = Int(block[ip]) | Int(block[ip + 1]) << 8
            ip += 2
            let match = try length(token & 15) + BlockCodec.minMatch
            #expect((1...op).contains(offset))
            spans.append((op, op + match))
            op += match
        }
        return spans
    }

    /// Whether the CI environment variable is "true": missing test data is then a failure, not a skip.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// `<package>/../shared/data/events`, found from this file's path so the working directory does not matter.
    static let eventsFolder: URL = URL(fileURLWithPath: #filePath)  // <package>/Tests/TocsinStoreTests/<this file>
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/events", isDirectory: true).standardizedFileURL

    /// Whether the events folder exists.
    static var eventsFolderPresent: Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: eventsFolder.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Up to `limit` bytes of NDJSON events: the first lines (at most 256 KB) of each `.jsonl` file in path order,
    /// so the sample mixes event kinds as a batch from several hosts would. Nil when there are none.
    static func eventSample(limit: Int) -> [UInt8]? {
        guard let walker = FileManager.default.enumerator(atPath: eventsFolder.path) else { return nil }
        let paths = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") }.sorted()
        var sample: [UInt8] = []
        for path in paths where sample.count + 1 < limit {
            guard let data = FileManager.default.contents(atPath: eventsFolder.appendingPathComponent(path).path)
            else { continue }
            if !sample.isEmpty { sample.append(0x0A) }
            var lines = data.prefix(min(256 << 10, limit - sample.count))
            if lines.count < data.count, let lastBreak = lines.lastIndex(of: 0x0A) { lines = lines[..<lastBreak] }
            sample += lines
        }
        return sample.isEmpty ? nil : sample
    }
}

extension SplitMix64 {
    /// A random number in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }

    /// `count` bytes of event-like JSON lines with random values, compressible as real batches are.
    mutating func text(_ count: Int) -> [UInt8] {
        var text: [UInt8] = []
        while text.count < count {
            let line = #"{"Event":{"System":{"EventID":\#(below(5000)),"Computer":"host\#(below(40))"},"#
                + #""EventData":{"ProcessId":"\#(next() % 100_000)","Image":"C:\\Windows\\\#(next())"}}}"# + "\n"
            text += line.utf8
        }
        return Array(text.prefix(count))
    }
}
