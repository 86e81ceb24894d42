import Testing

/// windash and regular expressions (`re` with the `i`, `m` and `s` flags), on flat JSON events.
@Suite("Semantics: windash and regular expressions")
struct SemanticsRegexAndWindashTests {
    static let windash: [SemanticsCase] =
        SemanticsCase.group(
            "windash tries every dash",
            #"""
            sel:
              CommandLine|windash|contains: ' -enc '
            condition: sel
            """#,
            [
                (#"{"CommandLine": "powershell -enc AAA"}"#, true),
                (#"{"CommandLine": "powershell /enc AAA"}"#, true),
                (#"{"CommandLine": "powershell –enc AAA"}"#, true),
                (#"{"CommandLine": "powershell —enc AAA"}"#, true),
                (#"{"CommandLine": "powershell ―enc AAA"}"#, true),
                (#"{"CommandLine": "powershell \u2014enc AAA"}"#, true),
                (#"{"CommandLine": "powershell +enc AAA"}"#, false),
                (#"{"CommandLine": "powershell enc AAA"}"#, false),
            ])
        // As in pySigma (`\B[-/]\b`), only a dash that starts a word is a flag dash.
        + SemanticsCase.group(
            "windash leaves a dash inside a word alone",
            #"""
            sel:
              CommandLine|windash|contains: Set-Content
            condition: sel
            """#,
            [
                (#"{"CommandLine": "SET-CONTENT x"}"#, true),
                (#"{"CommandLine": "Set/Content x"}"#, false),
            ])
        + SemanticsCase.group(
            "windash with endswith",
            #"""
            sel:
              CommandLine|windash|endswith: ' -s'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "cmd /s"}"#, true),
                (#"{"CommandLine": "cmd /s x"}"#, false),
            ])

    static let regex: [SemanticsCase] =
        SemanticsCase.group(
            "re is case-sensitive by default and searches anywhere",
            #"""
            sel:
              CommandLine|re: 'Invoke-[A-Z][a-z]+'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "IEX Invoke-Mimikatz -x"}"#, true),
                (#"{"CommandLine": "iex invoke-mimikatz"}"#, false),
            ])
        + SemanticsCase.group(
            "re|i is case-insensitive",
            #"""
            sel:
              CommandLine|re|i: 'invoke-mimikatz'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "Invoke-Mimikatz"}"#, true),
                (#"{"CommandLine": "Invoke-Mimi"}"#, false),
            ])
        + SemanticsCase.group(
            "re anchors apply to the whole value",
            #"""
            sel:
              CommandLine|re: '(cmd|powershell)\.exe$'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "C:\\x\\powershell.exe"}"#, true),
                (#"{"CommandLine": "C:\\x\\powershell.exe.bak"}"#, false),
                (#"{"CommandLine": "C:\\x\\powershellXexe"}"#, false),
            ])
        + SemanticsCase.group(
            "without m, ^ is only the start of the value",
            #"""
            sel:
              Text|re: '^second'
            condition: sel
            """#,
            [(#"{"Text": "first\nsecond"}"#, false), (#"{"Text": "second"}"#, true)])
        + SemanticsCase.group(
            "re|m makes ^ match after a newline",
            #"""
            sel:
              Text|re|m: '^second'
            condition: sel
            """#,
            [(#"{"Text": "first\nsecond"}"#, true), (#"{"Text": "first second"}"#, false)])
        + SemanticsCase.group(
            "without s, a dot does not match a newline",
            #"""
            sel:
              Text|re: 'first.second'
            condition: sel
            """#,
            [(#"{"Text": "first\nsecond"}"#, false), (#"{"Text": "first second"}"#, true)])
        + SemanticsCase.group(
            "re|s makes a dot match a newline",
            #"""
            sel:
              Text|re|s: 'first.second'
            condition: sel
            """#,
            [(#"{"Text": "first\nsecond"}"#, true), (#"{"Text": "firstsecond"}"#, false)])
        + SemanticsCase.group(
            "re sees numbers as their text",
            #"""
            sel:
              EventID|re: '^46[0-9]{2}$'
            condition: sel
            """#,
            [(#"{"EventID": 4688}"#, true), (#"{"EventID": 14688}"#, false)])

    /// Patterns made of literals and `.*` gaps are matched without ICU; these rows pin that path to ICU's answers.
    static let gapped: [SemanticsCase] =
        SemanticsCase.group(
            "literals and gaps, in order",
            #"""
            sel:
              CommandLine|re: 'cmd.*/c.*whoami'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "cmd.exe /c whoami"}"#, true),
                (#"{"CommandLine": "cmd.exe whoami /c"}"#, false),
                (#"{"CommandLine": "CMD.exe /c WHOAMI"}"#, false),
                // `.` does not match a line terminator: LF, CR or U+2028.
                (#"{"CommandLine": "cmd.exe /c\nwhoami"}"#, false),
                (#"{"CommandLine": "cmd.exe /c\rwhoami"}"#, false),
                (#"{"CommandLine": "cmd.exe /c\u2028whoami"}"#, false),
                (#"{"CommandLine": "x\ncmd.exe /c whoami\ny"}"#, true),
                (#"{"CommandLine": "cmd ä /c ö whoami"}"#, true),
            ])
        + SemanticsCase.group(
            "literals and gaps with s",
            #"""
            sel:
              CommandLine|re|s: 'cmd.*/c.*whoami'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "cmd.exe /c\nwhoami"}"#, true),
                (#"{"CommandLine": "cmd.exe /c\u2028whoami"}"#, true),
                (#"{"CommandLine": "cmd.exe whoami"}"#, false),
            ])
        + SemanticsCase.group(
            "literals and gaps with i",
            #"""
            sel:
              CommandLine|re|i: 'CMD.*WHOAMI'
            condition: sel
            """#,
            [
                (#"{"CommandLine": "cmd x whoami"}"#, true),
                (#"{"CommandLine": "Cmd ä WhoAmI"}"#, true),
                (#"{"CommandLine": "cmd\nwhoami"}"#, false),
                (#"{"CommandLine": "whoami cmd"}"#, false),
            ])
        + SemanticsCase.group(
            "an inline (?i) flag",
            #"""
            sel:
              CommandLine|re: '(?i)invoke-.*mimikatz'
            condition: sel
            """#,
            [(#"{"CommandLine": "INVOKE-X MIMIKATZ"}"#, true), (#"{"CommandLine": "invoke-x mimi"}"#, false)])
        + SemanticsCase.group(
            "an inline flag in the middle",
            #"""
            sel:
              CommandLine|re: 'Get(?i)-ITEM'
            condition: sel
            """#,
            [(#"{"CommandLine": "Get-Item x"}"#, true), (#"{"CommandLine": "get-item x"}"#, false)])
        + SemanticsCase.group(
            "i follows Unicode case folding (Kelvin sign)",
            #"""
            sel:
              Name|re|i: 'kelvin'
            condition: sel
            """#,
            [(#"{"Name": "\u212Aelvin"}"#, true), (#"{"Name": "Kelvin"}"#, true), (#"{"Name": "celvin"}"#, false)])

    static let structure: [SemanticsCase] =
        SemanticsCase.group(
            "alternation in a group",
            #"""
            sel:
              Value|re: '(foo|bar)baz'
            condition: sel
            """#,
            [(#"{"Value": "xbarbaz"}"#, true), (#"{"Value": "bazbar"}"#, false), (#"{"Value": "baz"}"#, false)])
        + SemanticsCase.group(
            "optional and counted atoms",
            #"""
            sel:
              Value|re: '^colou?r a{2}b$'
            condition: sel
            """#,
            [
                (#"{"Value": "color aab"}"#, true), (#"{"Value": "colour aab"}"#, true),
                (#"{"Value": "color ab"}"#, false),
            ])
        + SemanticsCase.group(
            "an escaped backslash and dot, with the value's backslash escaped in JSON",
            #"""
            sel:
              Image|re: '\\System32\\[a-z]+\.exe$'
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\Windows\\System32\\cmd.exe"}"#, true),
                (#"{"Image": "C:\\Windows\\System32\\cmd.exe2"}"#, false),
                (#"{"Image": "C:\\Windows\\System32\\cmdXexe"}"#, false),
            ])
        + SemanticsCase.group(
            "a quote in the pattern",
            #"""
            sel:
              CommandLine|re: '"[A-Z]:\\'
            condition: sel
            """#,
            [(#"{"CommandLine": "run \"C:\\x\""}"#, true), (#"{"CommandLine": "run C:\\x"}"#, false)])
        + SemanticsCase.group(
            "re|m makes $ match before a newline",
            #"""
            sel:
              Text|re|m: 'first$'
            condition: sel
            """#,
            [(#"{"Text": "first\nsecond"}"#, true), (#"{"Text": "firsts\nsecond"}"#, false)])
        + SemanticsCase.group(
            "without m, $ is the end of the value",
            #"""
            sel:
              Text|re: 'first$'
            condition: sel
            """#,
            [(#"{"Text": "first\nsecond"}"#, false), (#"{"Text": "second\nfirst"}"#, true)])
        + SemanticsCase.group(
            "not re on an absent field",
            #"""
            sel:
              Text|re: 'x'
            condition: not sel
            """#,
            [(#"{"Other": "x"}"#, true), (#"{"Text": "x"}"#, false)])

    @Test(arguments: windash)
    func windashMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: regex)
    func regularExpression(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: gapped)
    func gappedExpression(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: structure)
    func expressionStructure(_ row: SemanticsCase) throws { try Sigma.check(row) }
}
