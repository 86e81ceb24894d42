import Testing
import TocsinCore

@testable import TocsinDetection

/// The pre-filter's trust in an event's raw text (``DetectionWorker/Exhaustiveness``), which the event scanner notes
/// while it walks the strings eight bytes at a time, held to a plain byte-by-byte statement of the same rules on
/// random text.
@Suite("Pre-filter: when the raw text can hide a literal")
struct ExhaustivenessTests {
    /// The rules, one byte at a time: an escaped `/` or a `\u` escape other than `\u0000`-`\u001F` anywhere (each
    /// backslash escapes the byte after it, unless that byte is not ASCII), or `İ`, `ſ`, `K` (Kelvin) anywhere
    /// make every variant count; `ß`, `ẞ` or a ligature `ﬀ`-`ﬆ` make case-insensitive regexes count.
    static func plain(_ bytes: [UInt8]) -> DetectionWorker.Exhaustiveness {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x5C {
                let next = bytes[index + 1]
                if next == 0x2F { return .all }
                if next == 0x75, index + 5 < bytes.count,
                    !(bytes[index + 2] == 0x30 && bytes[index + 3] == 0x30 && bytes[index + 4] <= 0x31)
                {
                    return .all
                }
                index += next >= 0x80 ? 1 : 2
            } else {
                index += 1
            }
        }
        let text = bytes.map { $0 }
        func has(_ sequence: [UInt8]) -> Bool {
            guard text.count >= sequence.count else { return false }
            return (0...(text.count - sequence.count)).contains { Array(text[$0..<$0 + sequence.count]) == sequence }
        }
        if has([0xC4, 0xB0]) || has([0xC5, 0xBF]) || has([0xE2, 0x84, 0xAA]) { return .all }
        if has([0xC3, 0x9F]) || has([0xE1, 0xBA, 0x9E]) || (0x80...0x86).contains(where: { has([0xEF, 0xAC, $0]) }) {
            return .foldingRegexes
        }
        return .none
    }

    /// Pieces that make up the random texts: plain ASCII, escapes of every kind, and the UTF-8 of the characters
    /// the rules name (whole and cut).
    static let pieces: [[UInt8]] = [
        Array("abc".utf8), Array("x".utf8), Array("C:".utf8), [0x5C], [0x5C, 0x5C], [0x5C, 0x2F], [0x2F],
        Array(#"\u00"#.utf8), Array(#"\u001f"#.utf8), Array(#"\u0041"#.utf8), Array("u0".utf8), Array("01".utf8),
        [0xC4, 0xB0], [0xC4], [0xB0], [0xC5, 0xBF], [0xE2, 0x84, 0xAA], [0xE2, 0x84], [0xC3, 0x9F], [0xC3, 0xA4],
        [0xE1, 0xBA, 0x9E], [0xEF, 0xAC, 0x80], [0xEF, 0xAC, 0x86], [0xEF, 0xAC, 0x87], [0xF0, 0x9F, 0xA6, 0x86],
        [0x5C, 0xC3, 0x9F], [0x5C, 0xC4, 0xB0],
    ]

    @Test("the scanner agrees with the plain rules on random text")
    func randomText() {
        var generator = SplitMix64(seed: 11)
        var counts: [String: Int] = [:]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                bytes += Self.pieces.randomElement(using: &generator)!
            }
            // The scanner notes this while it walks the event's strings; here the text is a string value.
            let event = Array(#"{"a":""#.utf8) + bytes + Array(#""}"#.utf8)
            guard let walked = Self.scanned(event) else { continue }  // a string cut short by a lone backslash
            let expected = Self.plain(event)
            #expect(walked == expected, "\(bytes.map { String($0, radix: 16) })")
            counts["\(expected)", default: 0] += 1
        }
        // Every outcome was met, so the comparison covered each.
        #expect(counts.count == 3)
        #expect(counts.values.reduce(0, +) > 10_000)
    }

    /// What the event scanner notes about `event`; nil when it is not valid enough to scan (a string cut short).
    static func scanned(_ event: [UInt8]) -> DetectionWorker.Exhaustiveness? {
        let scanner = EventScanner(layout: FieldLayout())
        var leaves: [Leaf] = []
        var scratch = EventScanner.Scratch()
        do {
            try event.withUnsafeBufferPointer { buffer throws(EventSyntaxError) in
                try scanner.scan(buffer, leaves: &leaves, allValues: nil, scratch: &scratch)
            }
        } catch {
            return nil
        }
        return scratch.exhaustiveness
    }
}
