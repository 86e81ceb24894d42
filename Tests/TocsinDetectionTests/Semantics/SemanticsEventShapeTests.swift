import Testing
import TocsinDetection

/// Events in the evtx_dump layout through the built-in Windows pipeline: event ids, channels, log source routing,
/// JSON escapes and non-ASCII case folding.
@Suite("Semantics: event shapes")
struct SemanticsEventShapeTests {
    /// An evtx_dump event; `eventID` is inserted as written (a number, a string or a `#text` object).
    static func evtx(channel: String, eventID: String, data: String) -> String {
        ##"{"Event":{"System":{"Provider":{"#attributes":{"Name":"P"}},"EventID":\##(eventID),"##
            + ##""Channel":"\##(channel)","Computer":"pc1","TimeCreated":{"#attributes":{"SystemTime":"2024-03-05"##
            + ##"T14:22:10Z"}}},"EventData":{\##(data)}}}"##
    }

    static let sysmon = "Microsoft-Windows-Sysmon/Operational"
    static let cmdData = #""Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd /c whoami""#
    static let auditData = #""NewProcessName":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd /c whoami""#

    static let routing: [SemanticsCase] =
        SemanticsCase.group(
            "process_creation routes to Sysmon 1 and Security 4688",
            #"""
            sel:
              Image|endswith: \cmd.exe
              CommandLine|contains: whoami
            condition: sel
            """#,
            logsource: "category: process_creation\nproduct: windows",
            [
                (evtx(channel: sysmon, eventID: "1", data: cmdData), true),
                (evtx(channel: "Security", eventID: "4688", data: auditData), true),
                (evtx(channel: "security", eventID: "4688", data: auditData), true),
                (evtx(channel: "Security", eventID: ##"{"#attributes":{"Qualifiers":""},"#text":4688}"##,
                    data: auditData), true),
                (#"{"Channel":"Security","EventID":"4688","NewProcessName":"C:\\cmd.exe","CommandLine":"whoami"}"#,
                    true),
                (evtx(channel: sysmon, eventID: "5", data: cmdData), false),
                (evtx(channel: "Security", eventID: "4689", data: auditData), false),
                (evtx(channel: "Application", eventID: "1", data: cmdData), false),
                // The Security shape names the image NewProcessName; Image is not looked up there.
                (evtx(channel: "Security", eventID: "4688", data: cmdData), false),
                // Without a channel an event cannot be routed to a Windows log source.
                (#"{"Image":"C:\\cmd.exe","CommandLine":"whoami"}"#, false),
            ])
        + SemanticsCase.group(
            "a service rule sees its channel, case-insensitively",
            #"""
            sel:
              EventID: 4688
              NewProcessName|endswith: \cmd.exe
            condition: sel
            """#,
            logsource: "product: windows\nservice: security",
            [
                (evtx(channel: "Security", eventID: "4688", data: auditData), true),
                (evtx(channel: "SECURITY", eventID: "4688", data: auditData), true),
                (evtx(channel: "Security", eventID: #""4688""#, data: auditData), true),
                (evtx(channel: "Security", eventID: ##"{"#text":"4688"}"##, data: auditData), true),
                (evtx(channel: "Security", eventID: "14688", data: auditData), false),
                (evtx(channel: "System", eventID: "4688", data: auditData), false),
            ])
        + SemanticsCase.group(
            "a negated EventID sees every other id of the channel",
            "sel:\n  EventID: 4688\ncondition: not sel",
            logsource: "product: windows\nservice: security",
            [
                (evtx(channel: "Security", eventID: "4689", data: auditData), true),
                (evtx(channel: "Security", eventID: "4688", data: auditData), false),
            ])
        + SemanticsCase.group(
            "1 of two EventID searches sees both ids",
            "sel_a:\n  EventID: 4688\nsel_b:\n  EventID: [4624, 4625]\ncondition: 1 of sel_*",
            logsource: "product: windows\nservice: security",
            [
                (evtx(channel: "Security", eventID: "4688", data: auditData), true),
                (evtx(channel: "Security", eventID: "4625", data: auditData), true),
                (evtx(channel: "Security", eventID: "4689", data: auditData), false),
            ])
        + SemanticsCase.group(
            "an EventID in only one branch of an OR does not restrict the other",
            "sel:\n  EventID: 4688\nkw:\n  - whoami\ncondition: sel or kw",
            logsource: "product: windows\nservice: security",
            [
                (evtx(channel: "Security", eventID: "4689", data: auditData), true),
                (evtx(channel: "Security", eventID: "4689", data: #""X":"y""#), false),
            ])
        + SemanticsCase.group(
            "an event with two ids is matched by the rules of either",
            "sel_a:\n  EventID: 4688\n  CommandLine|contains: whoami\nsel_b:\n  EventID: 4624\n  CommandLine: x\n"
                + "condition: 1 of sel_*",
            logsource: "product: windows\nservice: security",
            [
                (evtx(channel: "Security", eventID: "[4624, 4688]", data: auditData), true),
                (evtx(channel: "Security", eventID: "[4688, 4624]", data: auditData), true),
                (evtx(channel: "Security", eventID: "[4624, 4689]", data: auditData), false),
                (evtx(channel: "Security", eventID: "[4689, 4688]", data: auditData), true),
            ])
        + SemanticsCase.group(
            "a rule's EventID written as text matches a number",
            #"""
            sel:
              EventID: '4688'
            condition: sel
            """#,
            logsource: "product: windows\nservice: security",
            [
                (evtx(channel: "Security", eventID: "4688", data: auditData), true),
                (evtx(channel: "Security", eventID: "4689", data: auditData), false),
            ])
        + SemanticsCase.group(
            "System fields, UserData and Provider_Name",
            #"""
            sel:
              Provider_Name: P
              Computer: PC1
              SubjectUserName: bob
            condition: sel
            """#,
            logsource: "product: windows\nservice: system",
            [
                (##"{"Event":{"System":{"Provider":{"#attributes":{"Name":"P"}},"EventID":104,"Channel":"System","##
                    + ##""Computer":"pc1"},"UserData":{"LogFileCleared":{"SubjectUserName":"bob"}}}}"##, true),
                (##"{"Event":{"System":{"Provider":{"#attributes":{"Name":"Q"}},"EventID":104,"Channel":"System","##
                    + ##""Computer":"pc1"},"UserData":{"LogFileCleared":{"SubjectUserName":"bob"}}}}"##, false),
            ])
        + SemanticsCase.group(
            "registry_set on the Security shape: Details is 'New Value' (spaces in keys are ignored)",
            #"""
            sel:
              TargetObject|contains: \CurrentVersion\Run
              Details|contains: evil
            condition: sel
            """#,
            logsource: "category: registry_set\nproduct: windows",
            [
                (evtx(channel: "Security", eventID: "4657",
                    data: #""ObjectName":"\\REGISTRY\\MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run","#
                        + #""New Value":"C:\\evil.exe""#), true),
                (evtx(channel: sysmon, eventID: "13",
                    data: #""TargetObject":"HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\x","#
                        + #""Details":"C:\\evil.exe""#), true),
                (evtx(channel: sysmon, eventID: "12",
                    data: #""TargetObject":"HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\x","#
                        + #""Details":"C:\\evil.exe""#), false),
            ])
        + SemanticsCase.group(
            "a non-Windows log source sees events without a channel",
            #"""
            sel:
              proc: sshd
            condition: sel
            """#,
            logsource: "product: linux",
            [
                (#"{"proc":"sshd","msg":"x"}"#, true),
                (#"{"Channel":"Security","proc":"sshd"}"#, false),
            ])

    static let text: [SemanticsCase] =
        SemanticsCase.group(
            "escaped quotes and backslashes",
            #"""
            sel:
              CommandLine|contains: '"C:\Program Files\App\app.exe" --flag'
            condition: sel
            """#,
            [
                (#"{"CommandLine":"run \"C:\\Program Files\\App\\app.exe\" --flag"}"#, true),
                (#"{"CommandLine":"run C:\\Program Files\\App\\app.exe --flag"}"#, false),
            ])
        + SemanticsCase.group(
            "escaped slashes",
            #"""
            sel:
              Url|startswith: 'http://evil.com/'
            condition: sel
            """#,
            [
                (#"{"Url":"http:\/\/evil.com\/a"}"#, true),
                (#"{"Url":"http:\/\/good.com\/a"}"#, false),
            ])
        + SemanticsCase.group(
            "\\u escapes and non-ASCII case folding",
            #"""
            sel:
              User: René
            condition: sel
            """#,
            [
                (#"{"User":"Ren\u00e9"}"#, true),
                (#"{"User":"REN\u00C9"}"#, true),
                (#"{"User":"RENÉ"}"#, true),
                (#"{"User":"Rene"}"#, false),
            ])
        + SemanticsCase.group(
            "Ä and ä are the same letter",
            #"""
            sel:
              Name|contains: ÄRGER
            condition: sel
            """#,
            [
                (#"{"Name":"viel ärger"}"#, true),
                (#"{"Name":"viel \u00e4rger"}"#, true),
                (#"{"Name":"viel arger"}"#, false),
            ])
        + SemanticsCase.group(
            "cased keeps Ä and ä apart",
            #"""
            sel:
              Name|cased: Ärger
            condition: sel
            """#,
            [(#"{"Name":"Ärger"}"#, true), (#"{"Name":"ärger"}"#, false)])
        + SemanticsCase.group(
            "surrogate pairs decode to one character",
            #"""
            sel:
              Name: 'a?b'
            condition: sel
            """#,
            [(#"{"Name":"a\ud83d\ude00b"}"#, true), (#"{"Name":"a\ud83d\ude00\ud83d\ude00b"}"#, false)])
        + SemanticsCase.group(
            "an escaped letter in the event still matches a literal",
            #"""
            sel:
              CommandLine|contains: mimikatz
            condition: sel
            """#,
            [(#"{"CommandLine":"run \u006dimikatz"}"#, true), (#"{"CommandLine":"run \u006dimikat"}"#, false)])
        // A literal whose needle the pre-filter scans for is not compared when the needle is nowhere in the text,
        // also in a negated filter that shares the selection's needle.
        + SemanticsCase.group(
            "a filter sharing the selection's needle",
            #"""
            sel:
              CommandLine|contains:
                - 'foo'
                - 'bar'
            filter:
              ParentImage|endswith: 'foo'
            condition: sel and not filter
            """#,
            [
                (#"{"CommandLine":"run FOO","ParentImage":"x"}"#, true),
                (#"{"CommandLine":"run bar","ParentImage":"C:\\foo"}"#, false),
                (#"{"CommandLine":"run bar","ParentImage":"C:\\x"}"#, true),
                (#"{"CommandLine":"run baz","ParentImage":"C:\\foo"}"#, false),
                (#"{"CommandLine":"run baz","ParentImage":"x"}"#, false),
            ])
        // Caseless non-ASCII characters (emoji, dashes) are literal witnesses of the pre-filter; written raw or as
        // `\u` escapes they must still be found, and a cased letter next to them must still fold.
        + SemanticsCase.group(
            "a caseless non-ASCII literal is found raw and escaped",
            #"""
            sel:
              CommandLine|contains: 'x🦆y'
            condition: sel
            """#,
            [
                (#"{"CommandLine":"run x🦆y now"}"#, true),
                (#"{"CommandLine":"run X🦆Y now"}"#, true),
                (#"{"CommandLine":"run x\ud83e\udd86y now"}"#, true),
                (#"{"CommandLine":"run x🦅y now"}"#, false),
                (#"{"CommandLine":"run xy now"}"#, false),
            ])
        + SemanticsCase.group(
            "windash dashes are found raw and escaped",
            #"""
            sel:
              CommandLine|windash|contains: ' -s cmd'
            condition: sel
            """#,
            [
                (#"{"CommandLine":"psexec \u2014s cmd"}"#, true),
                (#"{"CommandLine":"psexec —s cmd"}"#, true),
                (#"{"CommandLine":"psexec –S CMD"}"#, true),
                (#"{"CommandLine":"psexec /s cmd"}"#, true),
                (#"{"CommandLine":"psexec ~s cmd"}"#, false),
            ])
        + SemanticsCase.group(
            "a literal with a cased non-ASCII letter folds beside a caseless one",
            #"""
            sel:
              Name|contains: '€Ärger'
            condition: sel
            """#,
            [
                (#"{"Name":"viel €ärger"}"#, true),
                (#"{"Name":"viel \u20ac\u00c4rger"}"#, true),
                (#"{"Name":"viel €arger"}"#, false),
            ])
        + SemanticsCase.group(
            "a cased symbol folds beside the caseless selector the pre-filter looks for",
            #"""
            sel:
              CommandLine|contains: 'Ⓜ️x'
            condition: sel
            """#,
            [
                (#"{"CommandLine":"run Ⓜ️x"}"#, true),
                (#"{"CommandLine":"run ⓜ️X"}"#, true),
                (#"{"CommandLine":"run \u24c2\ufe0fx"}"#, true),
                (#"{"CommandLine":"run Ⓜx"}"#, false),
            ])

    /// Two rules routed to different event ids have different match plans; an event carrying both ids is matched
    /// by both rules' variants.
    @Test("an event whose ids route to two plans is matched by the rules of both")
    func twoPlans() throws {
        let security = "product: windows\nservice: security"
        let text = Sigma.rule("sel:\n  EventID: 4688\n  CommandLine|contains: whoami\ncondition: sel",
            logsource: security, title: "A") + "---\n"
            + Sigma.rule("sel:\n  EventID: 4624\n  NewProcessName|endswith: '\\cmd.exe'\ncondition: sel",
                logsource: security, title: "B")
        let parsed = RuleParser.parse(text, path: "two.yml")
        let engine = DetectionEngine(rules: parsed.rules, pipeline: try Pipeline.builtinWindows())
        #expect(engine.rules.map(\.title) == ["A", "B"])
        #expect(try Sigma.fired(engine, on: Self.evtx(channel: "Security", eventID: "[4624, 4688]", data: Self.auditData)) == [0, 1])
        #expect(try Sigma.fired(engine, on: Self.evtx(channel: "Security", eventID: "[4688, 4624]", data: Self.auditData)) == [0, 1])
        #expect(try Sigma.fired(engine, on: Self.evtx(channel: "Security", eventID: "[4689, 4624]", data: Self.auditData)) == [1])
        #expect(try Sigma.fired(engine, on: Self.evtx(channel: "Security", eventID: "4688", data: Self.auditData)) == [0])
        #expect(try Sigma.fired(engine, on: Self.evtx(channel: "Security", eventID: "[4624, 4688]",
            data: #""NewProcessName":"C:\\x.exe","CommandLine":"dir""#)) == [])
    }

    @Test(arguments: routing)
    func windowsRouting(_ row: SemanticsCase) throws { try Sigma.checkWindows(row) }

    @Test(arguments: text)
    func jsonText(_ row: SemanticsCase) throws { try Sigma.check(row) }
}
