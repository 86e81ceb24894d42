import Foundation
import Testing

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

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(Self.check(deep) == "nested more than 256 levels deep at byte 1281")
    }
}
