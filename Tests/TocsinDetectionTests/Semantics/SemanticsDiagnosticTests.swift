import Testing
import TocsinDetection

/// A rule file with one bad rule: the exact diagnostics expected, and the rules that must still load.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: [String]
    var loaded: [String]

    /// A file whose first document is a rule with `detection` (lines 1-7 when the body has 3 lines), followed by a
    /// good rule.
    init(_ name: String, _ detection: String, _ expected: [String], title: String = "Bad") {
        self.name = name
        text = Sigma.rule(detection, title: title) + "---\n" + SemanticsDiagnosticTests.good
        self.expected = expected
        loaded = ["Still loads"]
    }

    init(name: String, text: String, expected: [String], loaded: [String]) {
        self.name = name
        self.text = text
        self.expected = expected
        self.loaded = loaded
    }

    var testDescription: String { name }
}

@Suite("Semantics: diagnostics of rejected rules")
struct SemanticsDiagnosticTests {
    static let good = Sigma.rule("sel:\n  A: x\ncondition: sel", title: "Still loads")

    /// Rule-level problems; the bad rule's field key is on line 6, column 5, its condition value on line 7, column 14.
    static let rules: [DiagnosticCase] = [
        DiagnosticCase(
            "unknown modifier with a suggestion", "sel:\n  CommandLine|containz: x\ncondition: sel",
            ["rules/x.yml:6:5: error: unknown modifier 'containz' [T105]\n  hint: did you mean 'contains'?"]),
        DiagnosticCase(
            "unknown encoding modifier", "sel:\n  A|base64offst|contains: x\ncondition: sel",
            ["rules/x.yml:6:5: error: unknown modifier 'base64offst' [T105]\n  hint: did you mean 'base64offset'?"]),
        DiagnosticCase(
            "unknown modifier without a near name", "sel:\n  A|frobnicate: x\ncondition: sel",
            ["rules/x.yml:6:5: error: unknown modifier 'frobnicate' [T105]"]),
        DiagnosticCase(
            "condition naming an undefined search", "sel:\n  A: x\ncondition: sel and not filter",
            [
                "rules/x.yml:7:14: error: the condition names 'filter', which the detection does not define [T104]"
                    + "\n  hint: did you mean 'sel'?"
            ]),
        DiagnosticCase(
            "condition pattern matching no search", "selection:\n  A: x\ncondition: selection and not 1 of filter_*",
            [
                "rules/x.yml:7:14: error: the condition names 'filter_*', which the detection does not define [T104]"
                    + "\n  hint: did you mean 'selection'?"
            ]),
        DiagnosticCase(
            "invalid regular expression", "sel:\n  A|re: '(unclosed'\ncondition: sel",
            ["rules/x.yml:6:5: error: invalid regular expression '(unclosed' [T108] (rule rules/x.yml#Bad)"]),
        DiagnosticCase(
            "invalid cidr prefix", "sel:\n  A|cidr: 10.0.0.0/33\ncondition: sel",
            [
                "rules/x.yml:6:5: error: invalid network '10.0.0.0/33' for cidr [T109] (rule rules/x.yml#Bad)"
                    + "\n  hint: write e.g. 10.0.0.0/8 or fe80::/10"
            ]),
        DiagnosticCase(
            "invalid cidr address", "sel:\n  A|cidr: [10.0.0.0/8, 300.1.1.1/8]\ncondition: sel",
            [
                "rules/x.yml:6:5: error: invalid network '300.1.1.1/8' for cidr [T109] (rule rules/x.yml#Bad)"
                    + "\n  hint: write e.g. 10.0.0.0/8 or fe80::/10"
            ]),
        DiagnosticCase(
            "invalid IPv6 cidr", "sel:\n  A|cidr: 'fe80::/129'\ncondition: sel",
            [
                "rules/x.yml:6:5: error: invalid network 'fe80::/129' for cidr [T109] (rule rules/x.yml#Bad)"
                    + "\n  hint: write e.g. 10.0.0.0/8 or fe80::/10"
            ]),
        DiagnosticCase(
            "condition ending early", "sel:\n  A: x\ncondition: sel and",
            ["rules/x.yml:7:21: error: invalid condition: expected a search name but found end of condition [T103]"]),
        DiagnosticCase(
            "obsolete aggregation", "sel:\n  A: x\ncondition: sel | count() > 5",
            [
                "rules/x.yml:7:18: error: invalid condition: aggregation after '|' is the obsolete Sigma 1 syntax; "
                    + "write a correlation rule instead [T103]"
            ]),
        DiagnosticCase(
            "two of", "sel1:\n  A: x\ncondition: 2 of sel*",
            [
                "rules/x.yml:7:14: error: invalid condition: '2 of' is not part of Sigma; only '1 of' and 'all of' "
                    + "are [T103]"
            ]),
        DiagnosticCase(
            "placeholder without values", "sel:\n  A|expand: '%nothere%'\ncondition: sel",
            [
                "rules/x.yml:6:5: error: placeholder '%nothere%' has no values [T111] (rule rules/x.yml#Bad)"
                    + "\n  hint: define it under 'placeholders' in the pipeline"
            ]),
        DiagnosticCase(
            "exists takes a boolean", "sel:\n  A|exists: maybe\ncondition: sel",
            ["rules/x.yml:6:5: error: 'A|exists' takes true or false [T106] (rule rules/x.yml#Bad)"]),
        DiagnosticCase(
            "a comparison takes a number", "sel:\n  A|gt: abc\ncondition: sel",
            ["rules/x.yml:6:5: error: 'A': 'abc' is not a number [T106] (rule rules/x.yml#Bad)"]),
        DiagnosticCase(
            "two match kinds", "sel:\n  A|contains|startswith: x\ncondition: sel",
            ["rules/x.yml:6:5: error: 'A' combines contains and startswith; use one [T106] (rule rules/x.yml#Bad)"]),
        DiagnosticCase(
            "cidr with a match kind", "sel:\n  A|cidr|contains: 10.0.0.0/8\ncondition: sel",
            ["rules/x.yml:6:5: error: 'A': 'cidr' cannot be combined with 'contains' [T106] (rule rules/x.yml#Bad)"]),
        DiagnosticCase(
            "a regex flag without re", "sel:\n  A|contains|i: x\ncondition: sel",
            [
                "rules/x.yml:6:5: error: 'A': the regular-expression flag 'i' needs the 're' modifier [T106] "
                    + "(rule rules/x.yml#Bad)"
            ]),
        // An empty list would make `all` hold for every event (even without the field) and a plain list for none.
        DiagnosticCase(
            "an empty value list", "sel:\n  A|contains|all: []\ncondition: sel",
            [
                "rules/x.yml:6:5: error: 'A|contains|all' has an empty list of values [T106]"
                    + "\n  hint: write at least one value"
            ]),
        DiagnosticCase(
            "an empty keyword list", "keywords: []\ncondition: keywords",
            [
                "rules/x.yml:5:13: error: search 'keywords' is an empty list [T106]"
                    + "\n  hint: list values or maps, or remove it"
            ]),
        DiagnosticCase(
            "timeframe", "sel:\n  A: x\ntimeframe: 5m\ncondition: sel",
            ["rules/x.yml:7:3: error: 'timeframe' belongs to obsolete aggregations; use a correlation rule [T107]"]),
    ]

    static let files: [DiagnosticCase] = [
        DiagnosticCase(
            name: "invalid YAML before a good rule",
            text: "title: Bad\nlogsource: {product: test}\ndetection:\n  sel:\n    A: [x\n  condition: sel\n---\n"
                + good,
            expected: [
                "rules/x.yml:6:12: error: invalid YAML: did not find expected ',' or ']' while parsing a flow "
                    + "sequence [T100]"
            ],
            loaded: ["Still loads"]),
        DiagnosticCase(
            name: "invalid YAML between good rules (CRLF line ends)",
            text: (good + "---\ntitle: Bad\n  x: : y\n---\n" + good).replacingOccurrences(of: "\n", with: "\r\n"),
            expected: ["rules/x.yml:10:4: error: invalid YAML: mapping values are not allowed in this context [T100]"],
            loaded: ["Still loads", "Still loads"]),
        DiagnosticCase(
            name: "an error in the second document has the file's line number",
            text: good + "---\n" + Sigma.rule("sel:\n  A|containz: x\ncondition: sel", title: "Bad"),
            expected: ["rules/x.yml:14:5: error: unknown modifier 'containz' [T105]\n  hint: did you mean 'contains'?"],
            loaded: ["Still loads"]),
        DiagnosticCase(
            name: "a correlation without a condition is rejected, the rule next to it loads",
            text: good
                + "---\ntitle: Corr\nid: corr-1\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 1h\n",
            expected: [
                "rules/x.yml:12:3: error: event_count correlations need a condition [T124] (rule corr-1)"
                    + "\n  hint: e.g. 'condition: {gte: 10}'"
            ],
            loaded: ["Still loads"]),
        DiagnosticCase(
            name: "a correlation with an unknown type",
            text: "title: Corr\ncorrelation:\n  type: event_cont\n  rules: [x]\n  timespan: 1h\n---\n" + good,
            expected: ["rules/x.yml:3:9: error: unknown correlation type 'event_cont' [T121]\n  hint: did you mean 'event_count'?"],
            loaded: ["Still loads"]),
        DiagnosticCase(
            name: "a correlation with a bad timespan",
            text: "title: Corr\ncorrelation:\n  type: temporal\n  rules: [x, y]\n  timespan: 5 minutes\n---\n" + good,
            expected: [
                "rules/x.yml:5:13: error: invalid timespan '5 minutes' [T123]"
                    + "\n  hint: a number and a unit: s, m, h, d or w (e.g. 90m)"
            ],
            loaded: ["Still loads"]),
        DiagnosticCase(
            name: "a value_count correlation without a field",
            text: "title: Corr\ncorrelation:\n  type: value_count\n  rules: [x]\n  timespan: 5m\n  condition:\n"
                + "    gte: 3\n---\n" + good,
            expected: [
                "rules/x.yml:7:5: error: value_count correlations need 'field' in their condition [T124]"
                    + "\n  hint: the field whose values are measured, e.g. 'field: TargetUserName'"
            ],
            loaded: ["Still loads"]),
        DiagnosticCase(
            name: "a rule without a title",
            text: "logsource: {product: test}\ndetection:\n  sel:\n    A: x\n  condition: sel\n---\n" + good,
            expected: ["rules/x.yml:1:1: error: the rule has no title [T102]\n  hint: add a 'title:' line"],
            loaded: ["Still loads"]),
    ]

    @Test(arguments: rules + files)
    func rejected(_ row: DiagnosticCase) throws {
        let result = try Sigma.load(row.text)
        #expect(result.diagnostics == row.expected)
        #expect(result.loaded == row.loaded)
        #expect(result.codes.allSatisfy { $0.hasPrefix("T1") })
    }

    /// A rule rejected while parsing is counted, so a run can report loaded and rejected rules.
    @Test func rejectedRulesAreCounted() {
        let parsed = RuleParser.parse(
            Sigma.rule("sel:\n  A|containz: x\ncondition: sel") + "---\n" + Self.good + "---\ntitle: [x\n",
            path: "rules/x.yml")
        #expect(parsed.rules.map(\.title) == ["Still loads"])
        #expect(parsed.rejected == 2)
    }

    /// A log source the Windows pipeline does not map loads with a warning and matches nothing.
    @Test func unmappedWindowsLogSourceWarns() throws {
        let rule = Sigma.rule("sel:\n  A: x\ncondition: sel", logsource: "product: windows\ncategory: nothing")
        let result = try Sigma.load(rule, pipeline: Pipeline.builtinWindows())
        #expect(
            result.diagnostics == [
                "rules/x.yml:1:1: warning: log source windows/nothing/- has no mapping in pipeline 'windows'; the rule "
                    + "loads but matches no event [T110] (rule rules/x.yml#Semantics case)"
                    + "\n  hint: add an entry for it under 'logsources' in the pipeline"
            ])
        #expect(result.loaded == ["Semantics case"])
        let engine = DetectionEngine(
            rules: RuleParser.parse(rule, path: "x.yml").rules, pipeline: try Pipeline.builtinWindows())
        #expect(try Sigma.fired(engine, on: #"{"Channel":"Security","EventID":1,"A":"x"}"#) == [])
    }
}
