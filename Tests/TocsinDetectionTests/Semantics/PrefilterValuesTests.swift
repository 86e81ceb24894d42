import Testing
import TocsinCore

@testable import TocsinDetection

/// The literal pre-filter searches the values of the fields a plan's rules read (or, with a keyword rule, every
/// value), not the event's text (``MatchPlan``). These cases hold it to what the rules mean: nothing a field test
/// or a keyword would find is skipped, and nothing found only in a key or across two values fires a rule.
@Suite("Pre-filter: the values it searches")
struct PrefilterValuesTests {
    static let fieldRule = Sigma.rule(
        """
        selection:
          CommandLine|contains: 'evil'
        condition: selection
        """, title: "Field rule")
    static let keywordRule = Sigma.rule(
        """
        keywords:
          - 'mimikatz'
        condition: keywords
        """, title: "Keyword rule")

    static func engine(_ texts: [String]) throws -> DetectionEngine {
        let rules = texts.flatMap { RuleParser.parse($0, path: "case.yml").rules }
        let engine = DetectionEngine(rules: rules, pipeline: try Sigma.flatPipeline())
        #expect(engine.rules.count == texts.count)
        return engine
    }

    /// The titles of the rules that fire on `event`.
    static func fired(_ engine: DetectionEngine, _ event: String) throws -> [String] {
        try Sigma.fired(engine, on: event).map { engine.rules[$0].title }
    }

    static let fieldCases: [(String, [String])] = [
        (#"{"CommandLine":"run evil.exe","Other":"x"}"#, ["Field rule"]),
        (#"{"Other":"evil","CommandLine":"fine"}"#, []),
        (#"{"evil":"x","CommandLine":"fine"}"#, []),
        (#"{"CommandLine":"ev","Other":"il"}"#, []),
        (#"{"CommandLine":["a","EVIL"]}"#, ["Field rule"]),
        (##"{"CommandLine":{"#text":"so evil"}}"##, ["Field rule"]),
        (#"{"CommandLine":null,"Other":"evil"}"#, []),
        (#"{"A":{"B":"evil"},"CommandLine":"x evil"}"#, ["Field rule"]),
    ]

    @Test("field tests see their field's values and nothing else, with only field rules loaded")
    func fieldRulesOnly() throws {
        let engine = try Self.engine([Self.fieldRule])
        #expect(engine.plans.allSatisfy { !$0.scansEveryValue })
        for (event, expected) in Self.fieldCases {
            #expect(try Self.fired(engine, event) == expected, "\(event)")
        }
    }

    @Test("a keyword rule makes its plans search every value, keys still not")
    func keywordRule() throws {
        let engine = try Self.engine([Self.fieldRule, Self.keywordRule])
        #expect(engine.collectsEveryValue)
        #expect(engine.plans.contains { $0.scansEveryValue })
        for (event, expected) in Self.fieldCases {
            #expect(try Self.fired(engine, event) == expected, "\(event)")
        }
        let cases: [(String, [String])] = [
            // In a field no rule reads: only the search of every value finds it.
            (#"{"Unread":"sekurlsa via MimiKatz"}"#, ["Keyword rule"]),
            (##"{"Deep":{"Er":["x",{"#text":"mimikatz"}]}}"##, ["Keyword rule"]),
            (#"{"mimikatz":"x"}"#, []),
            (#"{"A":"mimi","B":"katz"}"#, []),
            (#"{"CommandLine":"evil mimikatz"}"#, ["Field rule", "Keyword rule"]),
            (#"{"N":12,"T":true,"Z":null,"S":"mimikatz"}"#, ["Keyword rule"]),
        ]
        for (event, expected) in cases {
            #expect(try Self.fired(engine, event) == expected, "\(event)")
        }
    }
}
