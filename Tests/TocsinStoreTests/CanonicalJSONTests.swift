import Crypto
import Foundation
import Testing

@testable import TocsinStore

@Suite("Canonical JSON, the parser and the chain's arithmetic")
struct CanonicalJSONTests {
    @Test(
        "canonical form",
        arguments: [
            (JSONValue.object(["b": 1, "a": 2, "A": 3, "aa": 4, "": 5]), #"{"":5,"A":3,"a":2,"aa":4,"b":1}"#),
            (
                ["z": ["y": [1, 2, ["x": nil]], "c": true], "a": false],
                #"{"a":false,"z":{"c":true,"y":[1,2,{"x":null}]}}"#
            ),
            (
                .string("quote\" backslash\\ slash/ tab\t nl\n cr\r bs\u{8} ff\u{c} nul\u{0} us\u{1f} del\u{7f}"),
                #""quote\" backslash\\ slash/ tab\t nl\n cr\r bs\b ff\f nul\u0000 us\u001f del\#u{7f}""#
            ),
            (.string("é 漢字 😀"), "\"é 漢字 😀\""),
            // Keys sort by UTF-8 bytes: "é" (C3 A9) after "z", "😀" (F0…) after "漢" (E6…).
            (["é": 1, "z": 2, "😀": 3, "漢": 4], #"{"z":2,"é":1,"漢":4,"😀":3}"#),
            (
                .array([.int(0), .int(-7), .int(Int64.max), .int(Int64.min)]),
                "[0,-7,9223372036854775807,-9223372036854775808]"
            ),
            (
                .array([.double(3.0), .double(-0.0), .double(0.1), .double(1e-7), .double(1e21), .double(2.5)]),
                "[3,0,0.1,1e-07,1e+21,2.5]"
            ),
            (.object([:]), "{}"),
            (.array([]), "[]"),
        ] as [(JSONValue, String)])
    func canonical(value: JSONValue, expected: String) throws {
        #expect(try CanonicalJSON.string(of: value) == expected)
        // Parsing the canonical text and writing it again gives the same bytes.
        #expect(try CanonicalJSON.string(of: JSONParser.parse(expected)) == expected)
    }

    @Test("non-finite numbers are refused")
    func nonFinite() {
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.bytes(of: .double(.nan)) }
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.bytes(of: ["x": .double(.infinity)]) }
    }

    @Test("the parser reads any JSON, and its canonical form drops insignificant whitespace")
    func parser() throws {
        let text = " { \"b\" : [ 1 , 2.50 , -0 , 1E2 , \"\\u00e9\\ud83d\\ude00\\/\" ] , \"a\" : { } , \"c\":null}\n"
        let expected = #"{"a":{},"b":[1,2.5,0,100,"é😀/"],"c":null}"#
        #expect(try CanonicalJSON.string(of: JSONParser.parse(text)) == expected)
        #expect(try JSONParser.parse("12345678901234567890") == .double(Double("12345678901234567890") ?? 0))
        for bad in [
            "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\ud800\"", "tru", "{\"a\":1,\"a\":2}", "\"a\u{1}\"",
            "1 2", "nan",
        ] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }

    @Test(
        "timestamps are RFC 3339 in UTC with microseconds",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000000Z"),
            (1_764_614_442_123_456, "2025-12-01T18:40:42.123456Z"),
            (951_782_400_000_001, "2000-02-29T00:00:00.000001Z"),
            (-1, "1969-12-31T23:59:59.999999Z"),
            (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        ])
    func timestamps(microseconds: Int64, expected: String) {
        #expect(Timestamp.rfc3339(microseconds: microseconds) == expected)
    }

    @Test("an entry's hash is SHA-256 of the previous hash and the canonical entry")
    func hashVector() throws {
        let details: [String: JSONValue] = ["rule": "r-1", "count": 2]
        let canonical =
            #"{"action":"alert.stored","actor":"system:detection","details":{"count":2,"rule":"r-1"},"#
            + #""sequence":1,"subject":"alert:7","time":"1970-01-01T00:00:01.000002Z"}"#
        var hasher = SHA256()
        hasher.update(data: [UInt8](repeating: 0, count: 32))
        hasher.update(data: Array(canonical.utf8))
        let expected = Array(hasher.finalize())
        let entry = try AuditChain.entry(
            after: AuditChain.genesis, sequence: 1, timeMicroseconds: 1_000_002,
            draft: AuditDraft(actor: "system:detection", action: "alert.stored", subject: "alert:7", details: details))
        #expect(entry.hash == expected)
        #expect(
            try CanonicalJSON.string(
                of: AuditChain.hashedObject(
                    sequence: 1, timeMicroseconds: 1_000_002, actor: "system:detection", action: "alert.stored",
                    subject: "alert:7", details: details)) == canonical)
        #expect(AuditChain.verify([entry]) == .intact(entries: 1, head: expected))
        #expect(Hex.decode(Hex.encode(expected)) == expected)
    }
}
