import Foundation
import Testing
import TocsinCore

@testable import TocsinDetection

/// The value store decodes JSON string bodies and folds them eight bytes at a time; these tests hold that fast path
/// to the plain definitions: JSON's own decoding and Swift's `lowercased()`.
@Suite("Value store: decoding and folding")
struct ValueStoreTests {
    /// Characters that exercise every branch: ASCII letters of both cases around `A`-`Z`'s edges, JSON's short
    /// escapes, control characters (written as `\u00XX`), and two-, three- and four-byte UTF-8 (the last as a
    /// surrogate pair when escaped), including characters whose lower case has another length.
    static let alphabet: [Character] = Array(
        "aAzZ@[`{09 -_.:/\\\"\u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{7F}éÄßİK\u{212A}€𝔸🦆")

    /// A JSON string body for `text`, escaping some characters that need no escape (`/` and non-ASCII as `\u`).
    static func body(of text: String, using generator: inout SplitMix64) -> [UInt8] {
        var body: [UInt8] = []
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": body += Array("\\\"".utf8)
            case "\\": body += Array("\\\\".utf8)
            case "\n": body += Array("\\n".utf8)
            case "\r": body += Array("\\r".utf8)
            case "\t": body += Array("\\t".utf8)
            case "\u{08}": body += Array("\\b".utf8)
            case "\u{0C}": body += Array("\\f".utf8)
            case "/" where Bool.random(using: &generator): body += Array("\\/".utf8)
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x80 && Bool.random(using: &generator)) {
                    for unit in String(scalar).utf16 { body += Array(String(format: "\\u%04x", unit).utf8) }
                } else {
                    body += Array(String(scalar).utf8)
                }
            }
        }
        return body
    }

    @Test("random escaped strings decode to the text and fold as lowercased()")
    func randomBodies() {
        var generator = SplitMix64(seed: 7)
        var store = ValueStore()
        for round in 0..<4_000 {
            // Sometimes reuse the store, sometimes start it over, so values land at every offset.
            if round % 7 == 0 { store.removeAll() }
            let length = Int.random(in: 0...40, using: &generator)
            let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &generator)! })
            let body = Self.body(of: text, using: &generator)
            let index = body.withUnsafeBufferPointer { store.appendJSONString($0) }
            store.withValue(index) { raw, folded in
                #expect(Array(raw) == Array(text.utf8), "raw of \(String(decoding: body, as: UTF8.self))")
                #expect(Array(folded) == Array(text.lowercased().utf8), "folded of \(text.debugDescription)")
            }
        }
        // Every value is still intact after all the others were written.
        #expect(store.refs.count > 0)
    }

    @Test("values written before keep their bytes when the store grows")
    func growth() {
        var store = ValueStore()
        let first = store.append("Alpha-Ω")
        var long = String(repeating: "AbC\\", count: 40_000)
        long += "É"
        let body = Array(long.utf8)
        let second = body.withUnsafeBufferPointer { store.appendJSONString($0) }
        store.withValue(first) { raw, folded in
            #expect(String(decoding: raw, as: UTF8.self) == "Alpha-Ω")
            #expect(String(decoding: folded, as: UTF8.self) == "alpha-ω")
        }
        store.withValue(second) { raw, folded in
            // `\A`, `\b`, ... are not all valid escapes: `\A` is kept as written, so the raw value is the body.
            #expect(raw.count == body.count)
            #expect(String(decoding: folded, as: UTF8.self) == long.lowercased())
        }
    }

    @Test("invalid escapes and a trailing backslash are kept as written")
    func invalidEscapes() {
        let cases: [(String, String)] = [
            (#"a\qb"#, #"a\qb"#),
            (#"\u12"#, #"\u12"#),
            (#"\uZZZZx"#, #"\uZZZZx"#),
            (#"end\"#, #"end\"#),
            (#"\ud83e\udd86"#, "🦆"),
            (#"\ud83e"#, "\u{FFFD}"),
            (#"\ud83ex"#, "\u{FFFD}x"),
            (#"0123456\\789abcdef\\"#, #"0123456\789abcdef\"#),
        ]
        for (body, expected) in cases {
            var store = ValueStore()
            let index = Array(body.utf8).withUnsafeBufferPointer { store.appendJSONString($0) }
            store.withValue(index) { raw, _ in
                #expect(String(decoding: raw, as: UTF8.self) == expected, "decoding \(body)")
            }
        }
    }
}
