import Testing

/// Plain values, wildcards, escapes, match kinds and `cased`, on flat JSON events.
@Suite("Semantics: string matching")
struct SemanticsStringModifierTests {
    static let matchKinds: [SemanticsCase] =
        SemanticsCase.group(
            "contains is case-insensitive and field-scoped",
            #"""
            sel:
              CommandLine|contains: whoami
            condition: sel
            """#,
            [
                (#"{"CommandLine": "cmd /c WHOAMI /all"}"#, true),
                (#"{"CommandLine": "cmd /c who ami"}"#, false),
                (#"{"Other": "whoami"}"#, false),
            ])
        + SemanticsCase.group(
            "startswith keeps the trailing backslash literal",
            #"""
            sel:
              Image|startswith: C:\Windows\
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\Windows\\System32\\cmd.exe"}"#, true),
                (#"{"Image": "c:\\windows\\notepad.exe"}"#, true),
                (#"{"Image": "D:\\C:\\Windows\\x.exe"}"#, false),
                (#"{"Image": "C:\\WindowsApps\\x.exe"}"#, false),
            ])
        + SemanticsCase.group(
            "endswith",
            #"""
            sel:
              Image|endswith: \cmd.exe
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\Windows\\System32\\CMD.EXE"}"#, true),
                (#"{"Image": "C:\\cmd.exe.bak"}"#, false),
                (#"{"Image": "C:\\xcmd.exe"}"#, false),
            ])
        + SemanticsCase.group(
            "a plain value is a case-insensitive whole-value match",
            #"""
            sel:
              Image: cmd.exe
            condition: sel
            """#,
            [
                (#"{"Image": "CMD.exe"}"#, true),
                (#"{"Image": "C:\\cmd.exe"}"#, false),
                (#"{"Image": "cmd.exe "}"#, false),
            ])
        + SemanticsCase.group(
            "contains|all needs every value, in any order",
            #"""
            sel:
              CommandLine|contains|all:
                - ' -nop '
                - ' -w hidden '
            condition: sel
            """#,
            [
                (#"{"CommandLine": "powershell -nop -w hidden -c x"}"#, true),
                (#"{"CommandLine": "powershell -w hidden -nop x"}"#, true),
                (#"{"CommandLine": "powershell -nop -c x"}"#, false),
            ])
        + SemanticsCase.group(
            "a list of values is OR",
            #"""
            sel:
              CommandLine|contains:
                - mimikatz
                - procdump
            condition: sel
            """#,
            [
                (#"{"CommandLine": "x procdump -ma lsass"}"#, true),
                (#"{"CommandLine": "x notepad"}"#, false),
            ])
        // Defensible choice: with `all`, each value may be matched by a different element of an array field.
        + SemanticsCase.group(
            "all without a match kind over an array field",
            #"""
            sel:
              Tags|all: [a, b]
            condition: sel
            """#,
            [
                (#"{"Tags": ["A", "b", "c"]}"#, true),
                (#"{"Tags": "a"}"#, false),
            ])

    static let wildcards: [SemanticsCase] =
        SemanticsCase.group(
            "star matches any run of characters (after an escaped backslash)",
            #"""
            sel:
              Image: C:\\*\cmd.exe
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\Windows\\System32\\cmd.exe"}"#, true),
                (#"{"Image": "C:\\cmd.exe"}"#, false),
                (#"{"Image": "D:\\x\\cmd.exe"}"#, false),
            ])
        + SemanticsCase.group(
            "question mark matches exactly one character",
            #"""
            sel:
              Name: te?t
            condition: sel
            """#,
            [
                (#"{"Name": "TEST"}"#, true),
                (#"{"Name": "teßt"}"#, true),
                (#"{"Name": "tet"}"#, false),
                (#"{"Name": "teest"}"#, false),
            ])
        + SemanticsCase.group(
            "a lone star matches any present value, the empty one too",
            #"""
            sel:
              Name: '*'
            condition: sel
            """#,
            [
                (#"{"Name": ""}"#, true),
                (#"{"Other": "x"}"#, false),
            ])

    static let escapes: [SemanticsCase] =
        SemanticsCase.group(
            "escaped star is a literal star",
            #"""
            sel:
              Name: 'a\*b'
            condition: sel
            """#,
            [
                (#"{"Name": "A*B"}"#, true),
                (#"{"Name": "axb"}"#, false),
                (#"{"Name": "a\\*b"}"#, false),
            ])
        + SemanticsCase.group(
            "escaped question mark is a literal question mark",
            #"""
            sel:
              Name: 'a\?b'
            condition: sel
            """#,
            [
                (#"{"Name": "a?b"}"#, true),
                (#"{"Name": "axb"}"#, false),
            ])
        + SemanticsCase.group(
            "double backslash is one literal backslash",
            #"""
            sel:
              Path: 'C:\\Windows'
            condition: sel
            """#,
            [
                (#"{"Path": "C:\\Windows"}"#, true),
                (#"{"Path": "C:\\\\Windows"}"#, false),
            ])
        + SemanticsCase.group(
            "a single backslash before a letter is literal",
            #"""
            sel:
              Path: C:\Temp\x.exe
            condition: sel
            """#,
            [
                (#"{"Path": "c:\\temp\\X.EXE"}"#, true),
                (#"{"Path": "C:Tempx.exe"}"#, false),
            ])
        // By the specification `\*` escapes the star, so `C:\Windows\*` is the literal text `C:\Windows*`.
        + SemanticsCase.group(
            "C:\\Windows\\* is a literal star",
            #"""
            sel:
              Path: C:\Windows\*
            condition: sel
            """#,
            [
                (#"{"Path": "C:\\Windows*"}"#, true),
                (#"{"Path": "C:\\Windows\\System32"}"#, false),
            ])
        + SemanticsCase.group(
            "C:\\Windows\\\\* is a backslash then a wildcard",
            #"""
            sel:
              Path: C:\Windows\\*
            condition: sel
            """#,
            [
                (#"{"Path": "C:\\Windows\\System32\\x.exe"}"#, true),
                (#"{"Path": "C:\\WindowsX"}"#, false),
            ])
        + SemanticsCase.group(
            "three backslashes and a star: literal backslash and literal star",
            #"""
            sel:
              Path: '\\\*\IPC$'
            condition: sel
            """#,
            [
                (#"{"Path": "\\*\\IPC$"}"#, true),
                (#"{"Path": "\\srv\\IPC$"}"#, false),
            ])
        + SemanticsCase.group(
            "four backslashes are two",
            #"""
            sel:
              Path: '\\\\\*\\IPC$'
            condition: sel
            """#,
            [
                (#"{"Path": "\\\\*\\IPC$"}"#, true),
                (#"{"Path": "\\*\\IPC$"}"#, false),
            ])
        + SemanticsCase.group(
            "a trailing single backslash is literal",
            #"""
            sel:
              Path|endswith: '\'
            condition: sel
            """#,
            [
                (#"{"Path": "C:\\dir\\"}"#, true),
                (#"{"Path": "C:\\dir"}"#, false),
            ])

    static let cased: [SemanticsCase] =
        SemanticsCase.group(
            "cased equality",
            #"""
            sel:
              Name|cased: Foo
            condition: sel
            """#,
            [
                (#"{"Name": "Foo"}"#, true),
                (#"{"Name": "foo"}"#, false),
                (#"{"Name": "FOO"}"#, false),
            ])
        + SemanticsCase.group(
            "cased contains",
            #"""
            sel:
              Name|contains|cased: Foo
            condition: sel
            """#,
            [
                (#"{"Name": "xFooy"}"#, true),
                (#"{"Name": "xfooy"}"#, false),
            ])
        + SemanticsCase.group(
            "cased wildcard",
            #"""
            sel:
              Name|cased: F?o*
            condition: sel
            """#,
            [
                (#"{"Name": "Fxo bar"}"#, true),
                (#"{"Name": "fxo bar"}"#, false),
            ])

    @Test(arguments: matchKinds)
    func matchKind(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: wildcards)
    func wildcard(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: escapes)
    func escape(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: cased)
    func casedMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }
}
