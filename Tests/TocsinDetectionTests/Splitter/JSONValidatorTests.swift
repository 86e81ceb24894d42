import Foundation
import Testing

import TocsinCore
@testable import TocsinDetection

@Suite("JSON validator (ingest)")
struct JSONValidatorTests {
    static func check(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { JSONValidator.problem(inObject: $0)?.description }
    }

    @Test(arguments: [
        #"{}"#, #"  {"a":1}  "#, #"{"a":[1,-2.5e+3,true,false,null,{"b":"\u00e9\n"}],"c":{}}"#,
        ##"{"Event":{"System":{"EventID":{"#text":4688}}}}"##, "{\"ü\":\"naïve\"}",
    ])
    func valid(_ text: String) {
        #expect(Self.check(text) == nil)
        // The validator agrees with Foundation's parser on what is valid.
        let parsed = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil
        #expect(parsed)
    }

    @Test(arguments: [
        ("", "an event must be a JSON object at byte 1"),
        ("[1,2]", "an event must be a JSON object at byte 1"),
        (#"{"a":1"#, "the object is not closed at byte 7"),
        (#"{"a":1}x"#, "unexpected text after the object at byte 8"),
        (#"{"a":01}"#, "expected ',' or '}' at byte 7"),
        (#"{"a":tru}"#, "unexpected word at byte 6"),
        (#"{"a":"x\q"}"#, "an unknown escape in a string at byte 8"),
        (#"{"a":"\u12"}"#, "a \\u escape needs four hex digits at byte 7"),
        ("{\"a\":\"tab\there\"}", "a control character inside a string at byte 10"),
        (#"{a:1}"#, "expected a key in quotes at byte 2"),
        (#"{"a" 1}"#, "expected ':' after a key at byte 6"),
        (#"{"a":[1,]}"#, "unexpected character at byte 9"),
        (#"{"a":-}"#, "a number needs digits at byte 7"),
        (#"{"a":1.}"#, "a fraction needs digits at byte 8"),
    ])
    func invalid(_ text: String, _ message: String) {
        #expect(Self.check(text) == message)
    }

    static func problem(_ bytes: [UInt8]) -> JSONValidator.Problem? {
        bytes.withUnsafeBufferPointer { JSONValidator.problem(inObject: $0) }
    }

    /// Bad UTF-8 in a string is found in the same pass as the JSON, at the byte where the sequence starts: after
    /// ASCII long enough for the eight-bytes-at-a-time path, after valid multi-byte text, and at the very end.
    @Test(arguments: [
        [0xFF] as [UInt8], [0xC0, 0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ])
    func invalidUTF8InAString(_ sequence: [UInt8]) {
        for prefix in [#"{"padding":"abcdefghijklmnop","x":""#, #"{"name":"Müller 日本 🚑","x":"a"#, #"{"k":""#] {
            let head = Array(prefix.utf8)
            let problem = Self.problem(head + sequence + Array(#"tail"}"#.utf8))
            #expect(problem?.kind == .invalidUTF8)
            #expect(problem?.offset == head.count)
            #expect(problem?.description == "invalid UTF-8 at byte \(head.count + 1)")
            // Cut off inside the sequence: still bad UTF-8 (or an unclosed string for a lone lead byte).
            #expect(Self.problem(head + sequence) != nil)
        }
        // A bad byte in a key counts the same; outside strings it is a syntax error.
        #expect(Self.problem(Array(#"{""#.utf8) + sequence + Array(#"":1}"#.utf8))?.kind == .invalidUTF8)
        #expect(Self.problem(Array(#"{"a":"#.utf8) + sequence + Array("}".utf8))?.kind == .syntax)
    }

    /// Whatever the validator takes is valid UTF-8 that Foundation's parser reads as a JSON object, and what it
    /// calls bad UTF-8 is: checked on random damage to a real-looking event.
    @Test func randomDamageAgreesWithFoundation() throws {
        let event = Array(
            (#"{"Event":{"System":{"EventID":4688,"Computer":"PRAXIS-PC01.müller.local"},"EventData":{"#
            + #""CommandLine":"C:\\Windows\\System32\\cmd.exe /c \"echo ü 🚑\"","Ratio":-1.5e+3,"#
            + #""Flags":[true,false,null],"Note":"日本\u00e9\n"}}}"#).utf8)
        #expect(Self.problem(event) == nil)
        var random = SplitMix64(seed: 4)
        let pieces: [[UInt8]] = [[0xFF], [0xC3], [0xA9], [0xE6, 0x97], [0xF0, 0x9F, 0x9A], [0x22], [0x5C], [0x7D],
            [0x2C], [0x00], [0x0A]]
        var accepted = 0
        var badUTF8 = 0
        for _ in 0..<3000 {
            var bytes = event
            for _ in 0..<(1 + Int(random.next() % 2)) {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: pieces[Int(random.next() % UInt64(pieces.count))], at: at)
                default: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            let problem = Self.problem(bytes)
            let utf8 = String(validating: bytes, as: UTF8.self) != nil
            if problem == nil {
                accepted += 1
                #expect(utf8)
                #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any])
            } else if problem?.kind == .invalidUTF8 {
                badUTF8 += 1
                #expect(!utf8)
            }
        }
        // The damage hits both ways often enough for the checks above to mean something.
        #expect(accepted > 100)
        #expect(badUTF8 > 100)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(Self.check(deep) == "nested more than 256 levels deep at byte 1281")
    }
}
