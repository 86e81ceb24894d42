import Testing

@testable import TocsinDetection

/// base64, base64offset and the UTF-16 modifiers, alone and chained.
///
/// The encoded event values were produced with Python's `base64.b64encode` and `str.encode("utf-16le")`.
@Suite("Semantics: encoding modifiers")
struct SemanticsEncodingModifierTests {
    static let base64: [SemanticsCase] =
        SemanticsCase.group(
            "base64 of the whole value",
            #"""
            sel:
              Data|base64: hello
            condition: sel
            """#,
            [
                (#"{"Data": "aGVsbG8="}"#, true),
                (#"{"Data": "hello"}"#, false),
                (#"{"Data": "xaGVsbG8="}"#, false),
            ])
        + SemanticsCase.group(
            "base64|contains",
            #"""
            sel:
              Data|base64|contains: 'http://'
            condition: sel
            """#,
            [
                (#"{"Data": "prefix aHR0cDovLw== suffix"}"#, true),
                (#"{"Data": "prefix aHR0cHM6Ly9= suffix"}"#, false),
            ])

    /// `secret-cmd` at byte offsets 0, 1 and 2 of a longer text, base64-encoded, covers the three shifts.
    static let base64offset: [SemanticsCase] =
        SemanticsCase.group(
            "base64offset|contains finds the text at every offset",
            #"""
            sel:
              Data|base64offset|contains: secret-cmd
            condition: sel
            """#,
            [
                (#"{"Data": "-e c2VjcmV0LWNtZCBhbmQgbW9yZQ=="}"#, true),  // "secret-cmd and more"
                (#"{"Data": "-e WHNlY3JldC1jbWQgYW5kIG1vcmU="}"#, true),  // "Xsecret-cmd and more"
                (#"{"Data": "-e WFlzZWNyZXQtY21kIGFuZCBtb3Jl"}"#, true),  // "XYsecret-cmd and more"
                (#"{"Data": "-e c2VjcmV0LWNteCBhbmQgbW9yZQ=="}"#, false),  // "secret-cmx and more"
                (#"{"Data": "secret-cmd"}"#, false),
            ])
        + SemanticsCase.group(
            "base64offset without contains is a whole-value match of one shift",
            #"""
            sel:
              Data|base64offset: secret-cmd
            condition: sel
            """#,
            [
                (#"{"Data": "c2VjcmV0LWNtZ"}"#, true),
                (#"{"Data": "c2VjcmV0LWNtZCBhbmQgbW9yZQ=="}"#, false),
            ])

    static let utf16: [SemanticsCase] =
        SemanticsCase.group(
            "wide is UTF-16LE",
            #"""
            sel:
              Data|wide|contains: cmd
            condition: sel
            """#,
            [
                (#"{"Data": "x c\u0000m\u0000d\u0000 y"}"#, true),
                (#"{"Data": "x \u0000c\u0000m\u0000d y"}"#, false),
                (#"{"Data": "x cmd y"}"#, false),
            ])
        + SemanticsCase.group(
            "utf16le is the same as wide",
            #"""
            sel:
              Data|utf16le|base64: cmd
            condition: sel
            """#,
            [(#"{"Data": "YwBtAGQA"}"#, true), (#"{"Data": "AGMAbQBk"}"#, false)])
        + SemanticsCase.group(
            "utf16be",
            #"""
            sel:
              Data|utf16be|base64: cmd
            condition: sel
            """#,
            [(#"{"Data": "AGMAbQBk"}"#, true), (#"{"Data": "YwBtAGQA"}"#, false)])
        + SemanticsCase.group(
            "utf16 adds a byte-order mark",
            #"""
            sel:
              Data|utf16|base64: cmd
            condition: sel
            """#,
            [(#"{"Data": "//5jAG0AZAA="}"#, true), (#"{"Data": "YwBtAGQA"}"#, false)])
        + SemanticsCase.group(
            "utf16be without base64 over decoded JSON escapes",
            #"""
            sel:
              Data|utf16be|endswith: cmd
            condition: sel
            """#,
            [(#"{"Data": "\u0000c\u0000m\u0000d"}"#, true), (#"{"Data": "c\u0000m\u0000d\u0000"}"#, false)])

    /// A PowerShell command line with an encoded command.
    static func powershell(_ encoded: String) -> String { #"{"CommandLine": "powershell -enc "# + encoded + #""}"# }

    /// `IEX (Invoke-Expression)` in UTF-16LE puts `Invoke-` at byte offset 10, 12 and 14 with the prefixes
    /// "", "X" and "XY": shifts 1, 0 and 2.
    static let powershell: [SemanticsCase] =
        SemanticsCase.group(
            "wide|base64offset|contains (PowerShell -EncodedCommand)",
            #"""
            sel:
              CommandLine|wide|base64offset|contains: 'Invoke-'
            condition: sel
            """#,
            [
                (powershell("SQBFAFgAIAAoAEkAbgB2AG8AawBlAC0ARQB4AHAAcgBlAHMAcwBpAG8AbgApAA=="), true),
                (powershell("WABJAEUAWAAgACgASQBuAHYAbwBrAGUALQBFAHgAcAByAGUAcwBzAGkAbwBuACkA"), true),
                (powershell("WABZAEkARQBYACAAKABJAG4AdgBvAGsAZQAtAEUAeABwAHIAZQBzAHMAaQBvAG4AKQA="), true),
                // "Invoke-" in UTF-8, not UTF-16: the plain base64offset needles do not occur.
                (powershell("SUVYIChJbnZva2UtRXhwcmVzc2lvbik="), false),
            ])
        + SemanticsCase.group(
            "base64offset without wide misses UTF-16 text",
            #"""
            sel:
              CommandLine|base64offset|contains: 'Invoke-'
            condition: sel
            """#,
            [
                (powershell("SQBFAFgAIAAoAEkAbgB2AG8AawBlAC0ARQB4AHAAcgBlAHMAcwBpAG8AbgApAA=="), false),
                (powershell("SUVYIChJbnZva2UtRXhwcmVzc2lvbik="), true),
            ])

    @Test(arguments: base64)
    func base64Match(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: base64offset)
    func base64OffsetMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: utf16)
    func utf16Match(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: powershell)
    func encodedPowerShell(_ row: SemanticsCase) throws { try Sigma.check(row) }

    /// The three shifted encodings, trimmed to the characters that do not depend on neighbouring bytes.
    @Test func base64OffsetVariantsMatchPySigma() {
        let variants = Base64.offsetVariants(Array("secret-cmd".utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(variants == ["c2VjcmV0LWNtZ", "NlY3JldC1jbW", "zZWNyZXQtY21k"])
    }
}
