import Foundation
import Testing
import TocsinDetection

/// SigmaHQ's labelled positive cases: each rule, loaded alone with the built-in Windows pipeline, must fire on at
/// least one event of its own regression file.
///
/// Cases come from `reference/regression-expected.jsonl`, which gives every case of
/// `sigma/regression_data/MANIFEST.jsonl` a rule file: for the two cases whose MANIFEST `rule_path` is null (rule
/// file renamed upstream) it names the renamed file, found by rule id (its `note`). The test checks that each named
/// rule file holds the case's rule id. A case whose rule or event file is absent fails as such; in this snapshot
/// every case has both.
@Suite("Reference: SigmaHQ regression cases")
struct ReferenceRegressionTests {
    struct Case: Sendable {
        var ruleID: String
        var rulePath: String?
        var eventFile: String?
    }

    @Test(
        "SigmaHQ regression cases fire",
        .enabled(
            if: ReferenceData.shouldRun(
                needing: "reference/regression-expected.jsonl", test: "ReferenceRegressionTests")))
    func regressionCasesFire() throws {
        let clock = ContinuousClock()
        let started = clock.now
        guard let expectedURL = ReferenceData.require("reference/regression-expected.jsonl"),
            let manifestURL = ReferenceData.require("sigma/regression_data/MANIFEST.jsonl"),
            let pipeline = ReferenceData.pipeline()
        else { return }
        let cases = try Self.readCases(expectedURL)
        let manifest = try Self.readManifest(manifestURL)
        #expect(!cases.isEmpty, "no case in \(expectedURL.path)")
        #expect(
            cases.count == manifest.count,
            "\(cases.count) cases in regression-expected.jsonl, \(manifest.count) in MANIFEST.jsonl")

        let sigma = ReferenceData.root.appendingPathComponent("sigma")
        var fired = 0
        var failures: [String] = []
        var disagreements: [String] = []
        var events = 0
        for item in cases {
            let label = "\(item.ruleID) \(item.rulePath ?? "<no rule file>")"
            guard let manifestEvents = manifest[item.ruleID] else {
                failures.append("\(label): not in MANIFEST.jsonl")
                continue
            }
            if manifestEvents != item.eventFile {
                failures.append(
                    "\(label): event file \(item.eventFile ?? "none") but MANIFEST says \(manifestEvents ?? "none")")
                continue
            }
            guard let rulePath = item.rulePath,
                FileManager.default.fileExists(atPath: sigma.appendingPathComponent(rulePath).path)
            else {
                failures.append("\(label): rule file missing")
                continue
            }
            guard let eventFile = item.eventFile,
                let data = FileManager.default.contents(atPath: sigma.appendingPathComponent(eventFile).path)
            else {
                failures.append("\(label): event file missing (\(item.eventFile ?? "none given"))")
                continue
            }
            let parsed = ReferenceData.parseRules(at: sigma.appendingPathComponent(rulePath))
            guard let rule = parsed.rules.first(where: { $0.id == item.ruleID }) else {
                failures.append(
                    "\(label): the rule file holds no rule with this id (ids: \(parsed.rules.map(\.id)), "
                        + "\(parsed.rejected) rejected by the parser)")
                continue
            }
            let engine = DetectionEngine(rules: [rule], pipeline: pipeline)
            guard engine.rules.count == 1 else {
                let reasons = engine.diagnostics.map(\.description).joined(separator: "; ")
                failures.append("\(label): rejected by the compiler: \(reasons)")
                continue
            }
            let reference = ReferenceEvaluator(engine: engine, pipeline: pipeline)
            let bytes = [UInt8](data)
            var splitter = RecordSplitter(framing: .values, maxRecordBytes: 1 << 24)
            let output = bytes.withUnsafeBufferPointer { splitter.split($0, final: true) }
            var problems = output.problems.map { "line \($0.line): \($0.kind.rawValue): \($0.message)" }
            let worker = engine.makeWorker()
            var fastHit = false
            var results: [Int] = []
            for span in output.records {
                events += 1
                results.removeAll(keepingCapacity: true)
                do {
                    try bytes.withUnsafeBufferPointer { buffer throws(EventSyntaxError) in
                        try worker.match(UnsafeBufferPointer(rebasing: buffer[span.start..<span.end]), into: &results)
                    }
                } catch {
                    problems.append("line \(span.line): fast engine: \(error)")
                    continue
                }
                if !results.isEmpty { fastHit = true }
                do {
                    let expected = reference.match(try ReferenceJSON.parse(bytes[span.start..<span.end]))
                    if expected != results {
                        disagreements.append(
                            "\(label) \(eventFile):\(span.line): fast \(results), reference \(expected)")
                    }
                } catch {
                    problems.append("line \(span.line): reference: \(error)")
                }
            }
            if fastHit {
                fired += 1
            } else {
                var text = "\(label): no event of \(eventFile) fires (\(output.records.count) events)"
                if !problems.isEmpty { text += "; problems: " + problems.joined(separator: "; ") }
                failures.append(text)
            }
        }
        print(
            "ReferenceRegressionTests: \(fired) of \(cases.count) SigmaHQ regression cases fire (\(events) events) "
                + "in \(clock.now - started)")
        #expect(
            failures.count == 0,
            """
            \(fired) of \(cases.count) regression cases fire; \(failures.count) do not:
            \(failures.joined(separator: "\n"))
            """)
        #expect(
            disagreements.count == 0,
            """
            fast engine and reference evaluator differ on regression events:
            \(disagreements.joined(separator: "\n"))
            """
        )
    }

    static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not a JSON object: \(line)")
        }
    }

    static func readCases(_ url: URL) throws -> [Case] {
        try jsonLines(url).map { object in
            Case(
                ruleID: try #require(object["rule_id"] as? String, "a case without rule_id: \(object)"),
                rulePath: object["rule_path"] as? String, eventFile: object["event_file"] as? String)
        }
    }

    /// MANIFEST cases by rule id: their `events_file`.
    static func readManifest(_ url: URL) throws -> [String: String?] {
        var byID: [String: String?] = [:]
        for object in try jsonLines(url) {
            let id = try #require(object["rule_id"] as? String, "a MANIFEST line without rule_id: \(object)")
            byID[id] = object["events_file"] as? String
        }
        return byID
    }
}
