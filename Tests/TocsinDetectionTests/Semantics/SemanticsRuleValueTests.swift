import Testing

/// Rule values that YAML types as numbers, booleans or null: they are matched as the text the author wrote.
@Suite("Semantics: typed rule values")
struct SemanticsRuleValueTests {
    static func equals(_ value: String) -> String { "sel:\n  F: \(value)\ncondition: sel" }

    static let asWritten: [SemanticsCase] =
        SemanticsCase.group(
            "a number in the rule matches a number or a string in the event", equals("4688"),
            [(#"{"F": 4688}"#, true), (#"{"F": "4688"}"#, true), (#"{"F": 46880}"#, false)])
        + SemanticsCase.group(
            "a quoted number matches a number in the event", equals("'4688'"),
            [(#"{"F": 4688}"#, true), (#"{"F": 4689}"#, false)])
        + SemanticsCase.group(
            "a negative number", equals("-1"), [(#"{"F": -1}"#, true), (#"{"F": 1}"#, false)])
        + SemanticsCase.group(
            "1.0 stays 1.0", equals("1.0"), [(#"{"F": "1.0"}"#, true), (#"{"F": 1.0}"#, true), (#"{"F": "1"}"#, false)])
        + SemanticsCase.group(
            "1.10 stays 1.10", equals("1.10"), [(#"{"F": "1.10"}"#, true), (#"{"F": "1.1"}"#, false)])
        + SemanticsCase.group(
            "1.5 as a float", equals("1.5"), [(#"{"F": 1.5}"#, true), (#"{"F": "1.50"}"#, false)])
        + SemanticsCase.group(
            "hexadecimal stays as written", equals("0x10"), [(#"{"F": "0x10"}"#, true), (#"{"F": 16}"#, false)])
        + SemanticsCase.group(
            "leading zeros stay", equals("010"), [(#"{"F": "010"}"#, true), (#"{"F": 8}"#, false)])
        + SemanticsCase.group(
            "a time of day is not a sexagesimal number", equals("12:30"),
            [(#"{"F": "12:30"}"#, true), (#"{"F": 750}"#, false)])
        + SemanticsCase.group(
            "yes is text, not a YAML 1.1 boolean", equals("yes"),
            [(#"{"F": "Yes"}"#, true), (#"{"F": true}"#, false)])
        + SemanticsCase.group(
            "off is text", equals("off"), [(#"{"F": "off"}"#, true), (#"{"F": "false"}"#, false)])
        + SemanticsCase.group(
            "true matches a JSON boolean and any case", equals("true"),
            [(#"{"F": true}"#, true), (#"{"F": "True"}"#, true), (#"{"F": false}"#, false)])
        + SemanticsCase.group(
            "an empty string matches only a present empty value", equals("''"),
            [(#"{"F": ""}"#, true), (#"{"G": ""}"#, false), (#"{"F": " "}"#, false)])
        + SemanticsCase.group(
            "~ is null", equals("~"), [(#"{"G": 1}"#, true), (#"{"F": "~"}"#, false)])
        + SemanticsCase.group(
            "null in a list is OR", "sel:\n  F:\n    - null\n    - x\ncondition: sel",
            [(#"{"G": 1}"#, true), (#"{"F": "x"}"#, true), (#"{"F": "y"}"#, false)])

    static let comparisons: [SemanticsCase] =
        SemanticsCase.group(
            "a hexadecimal bound", "sel:\n  F|gt: 0x0F\ncondition: sel",
            [(#"{"F": 16}"#, true), (#"{"F": "0x10"}"#, true), (#"{"F": 15}"#, false)])
        + SemanticsCase.group(
            "an exponent bound", "sel:\n  F|lt: 1e3\ncondition: sel",
            [(#"{"F": 999}"#, true), (#"{"F": 1000}"#, false)])
        + SemanticsCase.group(
            "a signed bound", "sel:\n  F|gte: +5\ncondition: sel", [(#"{"F": 5}"#, true), (#"{"F": 4.9}"#, false)])
        + SemanticsCase.group(
            "a quoted bound", "sel:\n  F|lte: '10'\ncondition: sel", [(#"{"F": 10}"#, true), (#"{"F": 11}"#, false)])

    @Test(arguments: asWritten)
    func valueAsWritten(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: comparisons)
    func comparisonBound(_ row: SemanticsCase) throws { try Sigma.check(row) }
}
