import Foundation
import Testing
import TocsinCore

@testable import TocsinDetection

/// One row of a rule-semantics table: a rule, an event, and whether the rule must fire on it.
struct SemanticsCase: Sendable, CustomTestStringConvertible {
    /// A short name shown by the test runner.
    var name: String
    /// The full rule YAML text.
    var rule: String
    /// One JSON event.
    var event: String
    var fires: Bool

    /// A case whose rule is `detection` (the body of the `detection:` section, unindented) under `logsource`.
    init(_ name: String, _ detection: String, _ event: String, _ fires: Bool, logsource: String = "product: test") {
        self.name = name
        rule = Sigma.rule(detection, logsource: logsource)
        self.event = event
        self.fires = fires
    }

    /// One case per `(event, fires)` pair, all with the same rule.
    static func group(
        _ name: String, _ detection: String, logsource: String = "product: test", _ events: [(String, Bool)]
    ) -> [SemanticsCase] {
        events.map { SemanticsCase(name, detection, $0.0, $0.1, logsource: logsource) }
    }

    var testDescription: String { "\(name): \(event) -> \(fires ? "fires" : "silent")" }
}

/// Builds engines from YAML text and runs one event through them.
enum Sigma {
    /// A pipeline for flat JSON: a field is looked up under its own name and every log source sees every event.
    static let flatPipelineText = """
        name: flat
        paths: ["{field}"]
        unmapped: {default: any}
        """

    /// A complete rule document around a detection body.
    static func rule(_ detection: String, logsource: String = "product: test", title: String = "Semantics case")
        -> String
    {
        let body = detection.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n")
        let source = logsource.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return "title: \(title)\nlogsource:\n\(source)\ndetection:\n\(body)\n"
    }

    static func flatPipeline(extra: String = "") throws -> Pipeline {
        try Pipeline.parse(flatPipelineText + "\n" + extra, path: "flat.yml")
    }

    /// Parses `rule` (which must load without any diagnostic) and compiles it against `pipeline`.
    static func engine(_ rule: String, pipeline: Pipeline) -> DetectionEngine {
        let parsed = RuleParser.parse(rule, path: "case.yml")
        #expect(parsed.diagnostics.map(\.description) == [], "rule must parse cleanly:\n\(rule)")
        #expect(parsed.rules.count == 1)
        let engine = DetectionEngine(rules: parsed.rules, pipeline: pipeline)
        #expect(engine.diagnostics.map(\.description) == [], "rule must compile cleanly:\n\(rule)")
        #expect(engine.rules.count == 1)
        return engine
    }

    /// The indices of the rules of `engine` that fire on `event`.
    static func fired(_ engine: DetectionEngine, on event: String) throws -> [Int] {
        let worker = engine.makeWorker()
        var results: [Int] = []
        let bytes = Array(event.utf8)
        try bytes.withUnsafeBufferPointer { buffer throws(EventSyntaxError) in
            try worker.match(buffer, into: &results)
        }
        return results
    }

    /// Whether the single rule in `rule` fires on `event`.
    static func fires(_ rule: String, on event: String, pipeline: Pipeline) throws -> Bool {
        let engine = engine(rule, pipeline: pipeline)
        return try fired(engine, on: event) == [0]
    }

    /// Runs a table row against the flat pipeline and checks the expectation.
    static func check(_ row: SemanticsCase, extraPipeline: String = "") throws {
        let result = try fires(row.rule, on: row.event, pipeline: flatPipeline(extra: extraPipeline))
        #expect(result == row.fires, "rule:\n\(row.rule)\nevent: \(row.event)")
    }

    /// Runs a table row against the built-in Windows pipeline and checks the expectation.
    static func checkWindows(_ row: SemanticsCase) throws {
        let result = try fires(row.rule, on: row.event, pipeline: Pipeline.builtinWindows())
        #expect(result == row.fires, "rule:\n\(row.rule)\nevent: \(row.event)")
    }

    /// The diagnostics (rendered) and the number of loaded rules after parsing and compiling `text`.
    static func load(_ text: String, path: String = "rules/x.yml", pipeline: Pipeline? = nil) throws
        -> (diagnostics: [String], codes: [String], loaded: [String])
    {
        let parsed = RuleParser.parse(text, path: path)
        let engine = DetectionEngine(rules: parsed.rules, pipeline: try pipeline ?? flatPipeline())
        let all = parsed.diagnostics + engine.diagnostics
        return (all.map(\.description), all.map(\.code), engine.rules.map(\.title))
    }
}
