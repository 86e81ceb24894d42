import Foundation
import Testing
import TocsinDetection

/// One hand-written event the shared corpus lacks, with a one-rule set to try it on.
struct ReferenceEdgeCase: Sendable, CustomTestStringConvertible {
    var name: String
    var logsource: String
    var detection: String
    var event: String
    /// Whether the rule must fire (by Sigma and JSON semantics); nil: only the two evaluators must agree.
    var fires: Bool?
    /// A known divergence of the fast engine from the reference, described; the test then expects it.
    var knownEngineIssue: String?

    var testDescription: String { name }

    static let processCreation = "category: process_creation\nproduct: windows"
    static let sysmonChannel = "Microsoft-Windows-Sysmon/Operational"

    /// A Sysmon event 1 in the evtx_dump layout; `data` is the inside of `EventData`.
    static func sysmon(_ data: String, eventID: String = "1", channel: String = "\"\(sysmonChannel)\"") -> String {
        #"{"Event":{"System":{"EventID":\#(eventID),"Channel":\#(channel),"Computer":"host"},"EventData":{\#(data)}}}"#
    }

    static func select(_ test: String) -> String { "sel:\n  \(test)\ncondition: sel" }

    static let all: [ReferenceEdgeCase] = [
        // Value decoding and the literal pre-filter.
        .init(
            name: "backslashes in the value", logsource: processCreation,
            detection: select(#"Image|endswith: '\cmd.exe'"#),
            event: sysmon(#""Image":"C:\\Windows\\System32\\cmd.exe""#), fires: true),
        .init(
            name: "escaped slash in the value", logsource: processCreation,
            detection: select("CommandLine|contains: 'http://evil.example/'"),
            event: sysmon(#""CommandLine":"curl http:\/\/evil.example\/x""#), fires: true),
        .init(
            name: "\\u escape of a letter", logsource: processCreation,
            detection: select(#"Image|endswith: '\cmd.exe'"#),
            event: sysmon(#""Image":"C:\\\u0063md.exe""#), fires: true),
        .init(
            name: "literal backslash-u in the value (not an escape)", logsource: processCreation,
            detection: select(#"CommandLine|contains: '\users\x'"#),
            event: sysmon(#""CommandLine":"dir C:\\users\\x""#), fires: true),
        .init(
            name: "value ending in a backslash", logsource: processCreation, detection: select("CommandLine: 'x'"),
            event: sysmon(#""CurrentDirectory":"C:\\","Image":"\\\"","CommandLine":"x""#), fires: true),
        .init(
            name: "pretty-printed event", logsource: processCreation, detection: select("CommandLine: 'x'"),
            event: "{\n\t\"Event\" : {\n  \"System\" : { \"EventID\" : 1 ,\r\n \"Channel\" : \"\(sysmonChannel)\" } ,"
                + "\n  \"EventData\" : { \"CommandLine\" : \"x\" }\n }\n}\n", fires: true),
        .init(
            name: "Kelvin sign folds to k", logsource: processCreation,
            detection: select("CommandLine|contains: 'kerberoast'"),
            event: sysmon("\"CommandLine\":\"Invoke-\u{212A}erberoast\""), fires: true),
        .init(
            name: "Kelvin sign as a \\u escape", logsource: processCreation,
            detection: select("CommandLine|contains: 'kerberoast'"),
            event: sysmon(#""CommandLine":"Invoke-\u212Aerberoast""#), fires: true),
        .init(
            name: "dotted capital I", logsource: processCreation, detection: select("CommandLine|contains: 'invoke'"),
            event: sysmon("\"CommandLine\":\"\u{130}nvoke-X\""), fires: nil),
        .init(
            name: "non-ASCII upper case", logsource: processCreation,
            detection: select("CommandLine|contains: 'été'"),
            event: sysmon("\"CommandLine\":\"ÉTÉ 2024\""), fires: true),
        .init(
            name: "surrogate pair escape", logsource: processCreation,
            detection: select("CommandLine|contains: '😀'"),
            event: sysmon(#""CommandLine":"x \ud83d\ude00 y""#), fires: true),
        .init(
            name: "escaped quotes", logsource: processCreation,
            detection: select(#"CommandLine|contains: 'echo "pwned"'"#),
            event: sysmon(#""CommandLine":"cmd /c echo \"pwned\"""#), fires: true),
        .init(
            name: "tab escape", logsource: processCreation, detection: select(#"CommandLine|contains: "a\tb""#),
            event: sysmon(#""CommandLine":"x a\tb y""#), fires: true),
        .init(
            name: "regular expression, case-sensitive", logsource: processCreation,
            detection: select("CommandLine|re: 'a.c'"), event: sysmon(#""CommandLine":"AbC""#), fires: false),
        .init(
            name: "regular expression, case-insensitive", logsource: processCreation,
            detection: select("CommandLine|re|i: 'a.c'"), event: sysmon(#""CommandLine":"AbC""#), fires: true),
        // Case-insensitive regular expressions use Unicode case folding (ICU): some non-ASCII letters fold to ASCII.
        .init(
            name: "case-insensitive regex, Kelvin sign", logsource: processCreation,
            detection: select("CommandLine|re|i: 'invoke-kerberoast'"),
            event: sysmon("\"CommandLine\":\"Invoke-\u{212A}erberoast\""), fires: nil),
        .init(
            name: "case-insensitive regex, long s", logsource: processCreation,
            detection: select("CommandLine|re|i: 'sekurlsa::logonpasswords'"),
            event: sysmon("\"CommandLine\":\"mimikatz \u{17F}ekurlsa::logonpasswords\""), fires: nil),
        .init(
            name: "case-insensitive regex, sharp s", logsource: processCreation,
            detection: select("CommandLine|re|i: 'logonpasswords'"),
            event: sysmon("\"CommandLine\":\"sekurlsa::logonpa\u{DF}words\""), fires: nil),
        .init(
            name: "case-insensitive regex, fi ligature", logsource: processCreation,
            detection: select("CommandLine|re|i: 'netsh firewall'"),
            event: sysmon("\"CommandLine\":\"netsh \u{FB01}rewall set\""), fires: nil),
        .init(
            name: "contains does not fold sharp s", logsource: processCreation,
            detection: select("CommandLine|contains: 'logonpasswords'"),
            event: sysmon("\"CommandLine\":\"sekurlsa::logonpa\u{DF}words\""), fires: false),
        // Numbers, booleans, null.
        .init(
            name: "number equals", logsource: processCreation, detection: select("ProcessId: 1234"),
            event: sysmon(#""ProcessId":1234"#), fires: true),
        .init(
            name: "number compare", logsource: processCreation, detection: select("ProcessId|gt: 1000"),
            event: sysmon(#""ProcessId":1234"#), fires: true),
        .init(
            name: "unsigned 64-bit number", logsource: processCreation,
            detection: select("Keywords: '18446744073709551615'"),
            event: sysmon(#""Keywords":18446744073709551615"#), fires: true),
        .init(
            name: "boolean", logsource: processCreation, detection: select("Signed: 'true'"),
            event: sysmon(#""Signed":true"#), fires: true),
        .init(
            name: "null value, null test", logsource: processCreation, detection: select("ParentImage: null"),
            event: sysmon(#""ParentImage":null,"Image":"a""#), fires: true),
        .init(
            name: "absent field, null test", logsource: processCreation, detection: select("ParentImage: null"),
            event: sysmon(#""Image":"a""#), fires: true),
        .init(
            name: "null value, contains", logsource: processCreation, detection: select("ParentImage|contains: 'x'"),
            event: sysmon(#""ParentImage":null"#), fires: false),
        .init(
            name: "null value, exists", logsource: processCreation, detection: select("ParentImage|exists: true"),
            event: sysmon(#""ParentImage":null"#), fires: false),
        .init(
            name: "negated selection on a null value", logsource: processCreation,
            detection: "sel:\n  Image: 'a'\nflt:\n  ParentImage|endswith: 'x'\ncondition: sel and not flt",
            event: sysmon(#""ParentImage":null,"Image":"a""#), fires: true),
        // Layout: #text, arrays, spaces in keys, UserData, top-level flat fields.
        .init(
            name: "event id as #text with attributes", logsource: processCreation, detection: select("Image: 'a'"),
            event: sysmon(#""Image":"a""#, eventID: ##"{"#attributes":{"Qualifiers":0},"#text":1}"##), fires: true),
        .init(
            name: "event id as a string", logsource: processCreation, detection: select("Image: 'a'"),
            event: sysmon(#""Image":"a""#, eventID: #""1""#), fires: true),
        .init(
            name: "other event id", logsource: processCreation, detection: select("Image: 'a'"),
            event: sysmon(#""Image":"a""#, eventID: "2"), fires: false),
        .init(
            name: "channel in lower case", logsource: processCreation, detection: select("Image: 'a'"),
            event: sysmon(#""Image":"a""#, channel: "\"\(sysmonChannel.lowercased())\""), fires: true),
        .init(
            name: "channel with an escaped slash", logsource: processCreation, detection: select("Image: 'a'"),
            event: sysmon(#""Image":"a""#, channel: #""Microsoft-Windows-Sysmon\/Operational""#), fires: true),
        .init(
            name: "channel as #text", logsource: processCreation, detection: select("Image: 'a'"),
            event: sysmon(#""Image":"a""#, channel: ##"{"#text":"Microsoft-Windows-Sysmon/Operational"}"##), fires: true
        ),
        .init(
            name: "space in an event key", logsource: processCreation, detection: select("CommandLine: 'whoami'"),
            event: sysmon(#""Command Line":"whoami""#), fires: true),
        .init(
            name: "two keys equal but for spaces", logsource: processCreation, detection: select("NewValue: 'b'"),
            event: sysmon(#""NewValue":"a","New Value":"b""#), fires: true),
        .init(
            name: "unnamed Data as a #text array", logsource: "category: ps_classic_script\nproduct: windows",
            detection: select("Data|contains: ' -enc '"),
            event: ##"{"Event":{"System":{"EventID":800,"Channel":"Windows PowerShell"},"##
                + ##""EventData":{"Data":{"#text":["x","HostApplication=powershell -enc AAA"]}}}}"##,
            fires: true),
        .init(
            name: "Data elements with attributes and #text", logsource: processCreation,
            detection: select("Data|contains|all: ['foo', 'bar']"),
            event: sysmon(
                ##""Data":[{"#attributes":{"Name":"a"},"#text":"foo"},{"#attributes":{"Name":"b"},"#text":"bar"}]"##),
            fires: true),
        .init(
            name: "nested arrays", logsource: processCreation, detection: select("Data: 'b'"),
            event: sysmon(#""Data":[["a","b"]]"#), fires: true),
        .init(
            name: "object without #text is not a value", logsource: processCreation,
            detection: select("Data|exists: true"),
            event: sysmon(##""Data":{"#attributes":{"Name":"a"}}"##), fires: false),
        .init(
            name: "UserData element (any one key)", logsource: "service: security\nproduct: windows",
            detection: select("SubjectUserName: 'admin'"),
            event: #"{"Event":{"System":{"EventID":1102,"Channel":"Security"},"#
                + #""UserData":{"LogFileCleared":{"SubjectUserName":"admin"}}}}"#,
            fires: true),
        .init(
            name: "System field (Execution ProcessID)", logsource: "service: system\nproduct: windows",
            detection: select("ProcessId: 4"),
            event: ##"{"Event":{"System":{"EventID":7045,"Channel":"System","##
                + ##""Execution":{"#attributes":{"ProcessID":4,"ThreadID":8}}},"EventData":{"ServiceName":"x"}}}"##,
            fires: true),
        // Guards.
        .init(
            name: "flat event without channel, unmapped product", logsource: "product: linux",
            detection: select("Image: 'x'"), event: #"{"Image":"x"}"#, fires: true),
        .init(
            name: "flat event with a null channel, unmapped product", logsource: "product: linux",
            detection: select("Image: 'x'"), event: #"{"Event":{"System":{"Channel":null}},"Image":"x"}"#, fires: true),
        .init(
            name: "event with a channel, unmapped product", logsource: "product: linux",
            detection: select("Image: 'x'"), event: #"{"Channel":"Security","Image":"x"}"#, fires: false),
        .init(
            name: "product windows alone: any channel", logsource: "product: windows",
            detection: select("Image: 'x'"), event: #"{"Channel":"Whatever","Image":"x"}"#, fires: true),
        .init(
            name: "product windows alone: no channel", logsource: "product: windows",
            detection: select("Image: 'x'"), event: #"{"Image":"x"}"#, fires: false),
        .init(
            name: "unmapped windows category: never", logsource: "category: no_such_category\nproduct: windows",
            detection: select("Image: 'x'"), event: sysmon(#""Image":"x""#), fires: false),
        // Guards narrowed by the compiler to the event ids the condition requires.
        .init(
            name: "event id required by the condition", logsource: "service: security\nproduct: windows",
            detection: "sel:\n  EventID: 4688\n  NewProcessName|endswith: '\\x.exe'\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":4688,"Channel":"Security"},"#
                + #""EventData":{"NewProcessName":"C:\\x.exe"}}}"#,
            fires: true),
        .init(
            name: "event id in one branch of an OR", logsource: "service: security\nproduct: windows",
            detection: "a:\n  EventID: 4688\nb:\n  NewProcessName|endswith: '\\x.exe'\ncondition: a or b",
            event: #"{"Event":{"System":{"EventID":4624,"Channel":"Security"},"#
                + #""EventData":{"NewProcessName":"C:\\x.exe"}}}"#,
            fires: true),
        .init(
            name: "event id excluded by NOT", logsource: "service: security\nproduct: windows",
            detection: "a:\n  EventID: 4688\nb:\n  NewProcessName|endswith: '\\x.exe'\ncondition: b and not a",
            event: #"{"Event":{"System":{"EventID":4624,"Channel":"Security"},"#
                + #""EventData":{"NewProcessName":"C:\\x.exe"}}}"#,
            fires: true),
        .init(
            name: "event id written with a leading zero", logsource: "service: security\nproduct: windows",
            detection: "sel:\n  EventID: 4688\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":"04688","Channel":"Security"}}}"#, fires: false),
        .init(
            name: "event id as a list, required id second", logsource: "service: security\nproduct: windows",
            detection: "sel:\n  EventID: 4688\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":[4624,4688],"Channel":"Security"}}}"#, fires: true),
        // Guards of `product: windows` alone narrowed by the compiler to the channels the condition requires.
        .init(
            name: "channel required by the condition", logsource: "product: windows",
            detection: "sel:\n  Channel: Security\n  EventID: 1102\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":1102,"Channel":"Security"}}}"#, fires: true),
        .init(
            name: "required channel in another case", logsource: "product: windows",
            detection: "sel:\n  Channel: Security\n  EventID: 1102\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":1102,"Channel":"SECURITY"}}}"#, fires: true),
        .init(
            name: "required channel, another event", logsource: "product: windows",
            detection: "sel:\n  Channel: Security\n  EventID: 1102\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":1102,"Channel":"System"}}}"#, fires: false),
        .init(
            name: "a channel per branch of an OR", logsource: "product: windows",
            detection: "a:\n  Channel: Security\n  EventID: 4697\nb:\n  Channel: System\n  EventID: 7045\n"
                + "p:\n  ServiceName: x\ncondition: (a or b) and p",
            event: #"{"Event":{"System":{"EventID":7045,"Channel":"System"},"EventData":{"ServiceName":"x"}}}"#,
            fires: true),
        .init(
            name: "channel in one branch of an OR only", logsource: "product: windows",
            detection: "a:\n  Channel: Security\nb:\n  ServiceName: x\ncondition: a or b",
            event: #"{"Event":{"System":{"EventID":7045,"Channel":"System"},"EventData":{"ServiceName":"x"}}}"#,
            fires: true),
        .init(
            name: "channel excluded by NOT", logsource: "product: windows",
            detection: "a:\n  Channel: Security\nb:\n  ServiceName: x\ncondition: b and not a",
            event: #"{"Event":{"System":{"EventID":7045,"Channel":"System"},"EventData":{"ServiceName":"x"}}}"#,
            fires: true),
        .init(
            name: "channel with a wildcard", logsource: "product: windows",
            detection: "sel:\n  Channel: 'Microsoft-Windows-*'\n  ServiceName: x\ncondition: sel",
            event: #"{"Event":{"System":{"EventID":1,"Channel":"Microsoft-Windows-Foo"},"EventData":{"ServiceName":"x"}}}"#,
            fires: true),
        .init(
            name: "required channel of an unmapped product's rule", logsource: "product: linux",
            detection: "sel:\n  Channel: Security\ncondition: sel",
            event: #"{"Channel":"Security"}"#, fires: false),
        // Keyword (field-less) searches.
        .init(
            name: "keyword in a value", logsource: processCreation,
            detection: "keywords:\n  - 'mimikatz'\ncondition: keywords",
            event: sysmon(#""CommandLine":"Invoke-Mimikatz.ps1""#), fires: nil),
        .init(
            name: "keyword equal to a number value", logsource: processCreation,
            detection: "keywords:\n  - '1234'\ncondition: keywords", event: sysmon(#""ProcessId":1234"#), fires: nil),
        .init(
            name: "negated keyword with null values", logsource: processCreation,
            detection: "keywords:\n  - 'zzz'\ncondition: not keywords", event: sysmon(#""A":null,"B":"x""#), fires: true
        ),
        // JSON keys are text like values: an escaped letter in a key is the same key.
        .init(
            name: "\\u escape in a key", logsource: processCreation, detection: select("Image: 'cmd.exe'"),
            event: sysmon(#""Ima\u0067e":"cmd.exe""#), fires: true),
        .init(
            name: "escaped quote and space in a key", logsource: processCreation, detection: select("Image: 'cmd.exe'"),
            event: sysmon(#""Im\u0061 ge":"cmd.exe""#), fires: true),
    ]
}

/// The fast engine and the reference on hand-written events that exercise decoding, layout and guard rules the
/// shared corpus does not (or barely) contains; each case also states the outcome Sigma and JSON call for.
@Suite("Reference: edge events")
struct ReferenceEdgeCaseTests {
    @Test("fast engine and reference agree", arguments: ReferenceEdgeCase.all)
    func agree(_ item: ReferenceEdgeCase) throws {
        let pipeline = try Pipeline.builtinWindows()
        func indent(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        }
        let title = item.name.replacingOccurrences(of: "'", with: "''")
        let text =
            "title: '\(title)'\nid: edge-case\nlogsource:\n\(indent(item.logsource))\n"
            + "detection:\n\(indent(item.detection))\n"
        let parsed = RuleParser.parse(text, path: "edge.yml")
        let rule = try #require(parsed.rules.first, "rule not parsed: \(parsed.diagnostics)")
        let engine = DetectionEngine(rules: [rule], pipeline: pipeline)
        try #require(engine.rules.count == 1, "rule rejected: \(engine.diagnostics)")
        let reference = ReferenceEvaluator(engine: engine, pipeline: pipeline)

        let bytes = Array(item.event.utf8)
        let expected = reference.match(try ReferenceJSON.parse(bytes[...]))
        let worker = engine.makeWorker()
        var fast: [Int] = []
        try bytes.withUnsafeBufferPointer { buffer throws(EventSyntaxError) in try worker.match(buffer, into: &fast) }
        if let issue = item.knownEngineIssue {
            withKnownIssue(Comment(rawValue: issue)) {
                #expect(fast == expected, "fast engine \(fast), reference \(expected)")
            }
        } else {
            #expect(fast == expected, "fast engine \(fast), reference \(expected)")
        }
        if let fires = item.fires {
            #expect(expected == (fires ? [0] : []), "the reference \(fires ? "misses" : "fires on") the event")
        }
    }

    /// Witness clauses: each term of a conjunction adds a clause the pre-filter must see, an alternative joins the
    /// most selective clause of each branch into one (the differential test checks that nothing is missed).
    @Test("witnesses are clauses that must all be found")
    func witnessClauses() throws {
        let pipeline = try Pipeline.builtinWindows()
        func clauses(_ detection: String) throws -> [[String]]? {
            let text = "title: t\nid: clauses\nlogsource:\n  category: process_access\n  product: windows\n"
                + "detection:\n" + detection.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
            let rule = try #require(RuleParser.parse(text, path: "clauses.yml").rules.first)
            let engine = DetectionEngine(rules: [rule], pipeline: pipeline)
            return try #require(engine.variants.first).witness?.map { $0.map { String(decoding: $0, as: UTF8.self) } }
        }
        // One search of two tests: both must be found.
        #expect(
            try clauses("sel:\n  TargetImage|endswith: 'lsass.exe'\n  GrantedAccess: '0x1440'\ncondition: sel")
                == [["lsass.exe"], ["0x1440"]])
        // A wildcard pattern: each literal piece (case-insensitive literals are kept folded).
        let glob = try clauses("sel:\n  CallTrace: '*ntdll.dll*UNKNOWN*'\ncondition: sel")
        #expect(glob == [["ntdll.dll"], ["unknown"]], "\(String(describing: glob))")
        // Alternatives: one clause of the best literal of each.
        #expect(
            try clauses("a:\n  TargetImage: 'lsass.exe'\n  GrantedAccess: '0x1440'\nb:\n  CallTrace: 'kernelbase'\n"
                + "condition: a or b") == [["lsass.exe", "kernelbase"]])
        // A negated term names nothing; the other term's clauses remain.
        #expect(
            try clauses("a:\n  TargetImage: 'lsass.exe'\nb:\n  GrantedAccess: '0x1440'\ncondition: a and not b")
                == [["lsass.exe"]])
        #expect(try clauses("a:\n  GrantedAccess: '0x1440'\ncondition: not a") == nil)
    }

    /// The narrowing the edge cases above check for correctness does take place: a rule of `product: windows` alone
    /// that names its channels and event ids is routed to just those.
    @Test("guards narrowed to the channels and event ids a condition requires")
    func narrowedGuards() throws {
        let pipeline = try Pipeline.builtinWindows()
        func guardOf(_ detection: String) throws -> Guard {
            let text = "title: t\nid: narrowed\nlogsource:\n  product: windows\ndetection:\n"
                + detection.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
            let rule = try #require(RuleParser.parse(text, path: "narrowed.yml").rules.first)
            let engine = DetectionEngine(rules: [rule], pipeline: pipeline)
            return try #require(engine.variants.first).guardCondition
        }
        #expect(
            try guardOf("a:\n  Channel: Security\n  EventID: 4697\nb:\n  Channel: System\n  EventID: 7045\n"
                + "p:\n  ServiceName: x\ncondition: (a or b) and p")
                == .channels(["security", "system"], eventIDs: [4697, 7045]))
        #expect(try guardOf("a:\n  Channel: [Security, 'Windows PowerShell']\ncondition: a")
            == .channels(["security", "windows powershell"], eventIDs: []))
        // Not narrowed: a branch without a channel, a negated channel, a wildcard.
        #expect(try guardOf("a:\n  Channel: Security\nb:\n  ServiceName: x\ncondition: a or b") == .anyChannel)
        #expect(try guardOf("a:\n  Channel: Security\nb:\n  ServiceName: x\ncondition: b and not a") == .anyChannel)
        #expect(try guardOf("a:\n  Channel: 'Microsoft-*'\ncondition: a") == .anyChannel)
    }
}
