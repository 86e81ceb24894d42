import Testing
import TocsinCore

@testable import TocsinDetection

/// The literal pre-filter's automaton against a plain search, on random patterns and texts: it must report every
/// pattern that occurs (ignoring ASCII case), and, for patterns of ASCII only, nothing else.
@Suite("Pre-filter: the multi-pattern automaton")
struct MultiPatternMatcherTests {
    static func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    static func occurs(_ pattern: [UInt8], in text: [UInt8]) -> Bool {
        guard !pattern.isEmpty, pattern.count <= text.count else { return false }
        let folded = pattern.map(fold)
        return (0...(text.count - pattern.count)).contains { start in
            (0..<pattern.count).allSatisfy { fold(text[start + $0]) == folded[$0] }
        }
    }

    /// A random byte string over a small alphabet (so patterns do occur), with some long runs and non-ASCII bytes.
    static func randomBytes(_ length: Int, nonASCII: Bool, using generator: inout SplitMix64)
        -> [UInt8]
    {
        let alphabet: [UInt8] = Array("abAB\\.-x".utf8) + (nonASCII ? [0xC3, 0xA4, 0xB6, 0xF0, 0x9F, 0xA6, 0x86] : [])
        return (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
    }

    @Test("every occurring pattern is reported; with ASCII patterns nothing else", arguments: [false, true])
    func randomSearches(nonASCII: Bool) {
        var generator = SplitMix64(seed: nonASCII ? 3 : 5)
        var found = 0
        for _ in 0..<60 {
            // Lengths up to 40 put some patterns past the automaton's 32-byte prefix (their tails are verified).
            let patterns = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                Self.randomBytes(Int.random(in: 1...40, using: &generator) / (Bool.random(using: &generator) ? 8 : 1),
                    nonASCII: nonASCII, using: &generator)
            }
            let matcher = MultiPatternMatcher(patterns: patterns)
            for _ in 0..<20 {
                // Texts long enough for every lane count (one walk up to eight lanes).
                let text = Self.randomBytes(Int.random(in: 0...1_200, using: &generator), nonASCII: nonASCII,
                    using: &generator)
                var reported = Set<Int>()
                text.withUnsafeBufferPointer { buffer in matcher.forEachMatch(in: buffer) { reported.insert($0) } }
                for (index, pattern) in patterns.enumerated() {
                    let occurs = Self.occurs(pattern, in: text)
                    if occurs {
                        found += 1
                        #expect(reported.contains(index), "missed \(pattern) in a text of \(text.count) bytes")
                    } else if pattern.allSatisfy({ $0 < 0x80 }) {
                        #expect(!reported.contains(index), "reported \(pattern), which does not occur")
                    }
                }
            }
        }
        #expect(found > 1_000)
    }
}
