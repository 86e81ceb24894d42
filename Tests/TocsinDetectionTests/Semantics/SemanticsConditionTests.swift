import Testing

/// Search structure (lists, maps, keyword lists) and condition forms.
///
/// Most rules here use the searches `a`, `b`, `c` testing the fields `A`, `B`, `C` for the value `x`, so an event
/// lists exactly the searches that hold.
@Suite("Semantics: searches and conditions")
struct SemanticsConditionTests {
    static let abc = """
        a:
          A: x
        b:
          B: x
        c:
          C: x
        """

    static func condition(_ text: String) -> String { abc + "\ncondition: " + text }

    static let structure: [SemanticsCase] =
        SemanticsCase.group(
            "a map is AND",
            #"""
            sel:
              Image|endswith: \cmd.exe
              CommandLine|contains: /c
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\cmd.exe", "CommandLine": "cmd /c dir"}"#, true),
                (#"{"Image": "C:\\cmd.exe", "CommandLine": "cmd /k dir"}"#, false),
                (#"{"Image": "C:\\ps.exe", "CommandLine": "cmd /c dir"}"#, false),
            ])
        + SemanticsCase.group(
            "a list of maps is OR",
            #"""
            sel:
              - Image|endswith: \cmd.exe
                CommandLine|contains: /c
              - Image|endswith: \powershell.exe
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\powershell.exe", "CommandLine": "x"}"#, true),
                (#"{"Image": "C:\\cmd.exe", "CommandLine": "cmd /c dir"}"#, true),
                (#"{"Image": "C:\\cmd.exe", "CommandLine": "cmd /k dir"}"#, false),
            ])
        + SemanticsCase.group(
            "a field-less keyword list searches every value",
            #"""
            keywords:
              - mimikatz
              - 'sekurlsa::'
            condition: keywords
            """#,
            [
                (#"{"Deep": {"Nested": ["a", "run MIMIKATZ now"]}}"#, true),
                (#"{"X": "sekurlsa::logonpasswords"}"#, true),
                (#"{"mimikatz": "key names are not values"}"#, false),
                (#"{"X": "mimi katz"}"#, false),
            ])
        + SemanticsCase.group(
            "a keyword matches numbers and wildcards",
            #"""
            keywords:
              - 4688
              - 'evil*.exe'
            condition: keywords
            """#,
            [
                (#"{"Id": 14688}"#, true),
                (#"{"Path": "C:\\evil-tool.exe"}"#, true),
                (#"{"Id": 4689}"#, false),
            ])
        + SemanticsCase.group(
            "a field-less '|all' needs every keyword, in any values",
            #"""
            keywords:
              '|all':
                - foo
                - bar
            condition: keywords
            """#,
            [
                (#"{"A": "foo", "B": "xbarx"}"#, true),
                (#"{"A": "foo", "B": "x"}"#, false),
            ])
        + SemanticsCase.group(
            "keywords and a selection together",
            #"""
            sel:
              EventID: 1
            keywords:
              - whoami
            condition: sel and keywords
            """#,
            [
                (#"{"EventID": 1, "CommandLine": "whoami"}"#, true),
                (#"{"EventID": 2, "CommandLine": "whoami"}"#, false),
            ])
        // A value that windash, base64offset or expand turns into several spellings needs only one of them;
        // `all` ANDs the values as written (as pySigma does).
        + SemanticsCase.group(
            "windash|contains|all",
            #"""
            sel:
              CommandLine|windash|contains|all:
                - ' -a '
                - ' -b '
            condition: sel
            """#,
            [
                (#"{"CommandLine": "x -a /b x"}"#, true),
                (#"{"CommandLine": "x -a x"}"#, false),
            ])
        + SemanticsCase.group(
            "windash|contains|all on a single value",
            #"""
            sel:
              CommandLine|windash|contains|all: ' -a '
            condition: sel
            """#,
            [
                (#"{"CommandLine": "x /a x"}"#, true),
                (#"{"CommandLine": "x a x"}"#, false),
            ])
        + SemanticsCase.group(
            "base64offset|contains|all",
            #"""
            sel:
              Data|base64offset|contains|all:
                - secret-cmd
                - and more
            condition: sel
            """#,
            [
                (#"{"Data": "WHNlY3JldC1jbWQgYW5kIG1vcmU="}"#, true),  // "Xsecret-cmd and more"
                (#"{"Data": "c2VjcmV0LWNtZCBhbmQgbGVzcw=="}"#, false),  // "secret-cmd and less"
            ])

    static let conditions: [SemanticsCase] =
        [
            SemanticsCase("and", condition("a and b"), #"{"A": "x", "B": "x"}"#, true),
            SemanticsCase("and", condition("a and b"), #"{"A": "x", "B": "y"}"#, false),
            SemanticsCase("or", condition("a or b"), #"{"A": "y", "B": "x"}"#, true),
            SemanticsCase("or", condition("a or b"), #"{"A": "y", "B": "y"}"#, false),
            SemanticsCase("not", condition("a and not b"), #"{"A": "x"}"#, true),
            SemanticsCase("not", condition("a and not b"), #"{"A": "x", "B": "x"}"#, false),
            SemanticsCase("not of an absent field", condition("not a"), #"{"Z": "x"}"#, true),
            // `a or b and c` is `a or (b and c)`; `(a or b) and c` would be silent here.
            SemanticsCase("and binds tighter than or", condition("a or b and c"), #"{"A": "x"}"#, true),
            SemanticsCase("and binds tighter than or", condition("b and c or a"), #"{"A": "x"}"#, true),
            SemanticsCase("parentheses override", condition("(a or b) and c"), #"{"A": "x"}"#, false),
            SemanticsCase("parentheses override", condition("(a or b) and c"), #"{"B": "x", "C": "x"}"#, true),
            // `not a and b` is `(not a) and b`; `not (a and b)` would fire here.
            SemanticsCase("not binds tighter than and", condition("not a and b"), #"{"Z": "x"}"#, false),
            SemanticsCase("not binds tighter than and", condition("not a and b"), #"{"B": "x"}"#, true),
            SemanticsCase("not binds tighter than or", condition("not a or b"), #"{"A": "x", "B": "x"}"#, true),
            SemanticsCase("not (...)", condition("not (a or b)"), #"{"C": "x"}"#, true),
            SemanticsCase("not (...)", condition("not (a or b)"), #"{"B": "x"}"#, false),
            SemanticsCase("double not", condition("not not a"), #"{"A": "x"}"#, true),
            SemanticsCase("nested parentheses", condition("((a and (b or c)))"), #"{"A": "x", "C": "x"}"#, true),
            SemanticsCase("nested parentheses", condition("((a and (b or c)))"), #"{"B": "x", "C": "x"}"#, false),
            SemanticsCase("a list of conditions is OR", abc + "\ncondition:\n  - a and b\n  - c",
                #"{"C": "x"}"#, true),
        ]

    static let quantifiers: [SemanticsCase] = {
        let searches = """
            sel_img:
              Image|endswith: \\cmd.exe
            sel_cli:
              CommandLine|contains: whoami
            filter_a:
              User: admin
            filter_b:
              User: system
            _helper:
              Helper: x
            """
        func rule(_ condition: String) -> String { searches + "\ncondition: " + condition }
        let both = #"{"Image": "C:\\cmd.exe", "CommandLine": "whoami", "User": "bob"}"#
        let imageOnly = #"{"Image": "C:\\cmd.exe", "CommandLine": "dir", "User": "bob"}"#
        let helperOnly = #"{"Helper": "x"}"#
        let everything = #"{"Image": "C:\\cmd.exe", "CommandLine": "whoami", "User": ["admin", "system"]}"#
        return [
            SemanticsCase("1 of sel*", rule("1 of sel*"), imageOnly, true),
            SemanticsCase("1 of sel*", rule("1 of sel*"), #"{"User": "admin"}"#, false),
            SemanticsCase("all of sel*", rule("all of sel*"), both, true),
            SemanticsCase("all of sel*", rule("all of sel*"), imageOnly, false),
            SemanticsCase("not 1 of filter*", rule("all of sel* and not 1 of filter_*"), both, true),
            SemanticsCase("not 1 of filter*", rule("all of sel* and not 1 of filter_*"),
                #"{"Image": "C:\\cmd.exe", "CommandLine": "whoami", "User": "SYSTEM"}"#, false),
            SemanticsCase("1 of them", rule("1 of them"), imageOnly, true),
            // `them` leaves out `_helper`.
            SemanticsCase("1 of them excludes _ names", rule("1 of them"), helperOnly, false),
            SemanticsCase("all of them excludes _ names", rule("all of them"), everything, true),
            SemanticsCase("all of them", rule("all of them"), both, false),
            SemanticsCase("an _ name by name", rule("_helper"), helperOnly, true),
            SemanticsCase("1 of an inner wildcard", rule("1 of sel_*g"), imageOnly, true),
            SemanticsCase("1 of an inner wildcard", rule("1 of sel_*g"),
                #"{"CommandLine": "whoami"}"#, false),
        ]
    }()

    @Test(arguments: structure)
    func searchStructure(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: conditions)
    func booleanCondition(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: quantifiers)
    func quantifiedCondition(_ row: SemanticsCase) throws { try Sigma.check(row) }
}
