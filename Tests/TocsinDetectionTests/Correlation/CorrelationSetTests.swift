import Testing
import TocsinCore

@testable import TocsinDetection

@Suite("Correlation references, limits and capture")
struct CorrelationSetTests {
    static let count = CorrelationCase.correlation(
        "burst", "  type: event_count\n  rules: [fail]\n  group-by: [host]\n  timespan: 10s\n  condition:\n    gte: 3\n")

    @Test func unknownReferenceIsRejectedWithItsName() {
        let parsed = RuleParser.parse(
            CorrelationFixtures.rules("fail") + "---\n"
                + CorrelationCase.correlation("x", "  type: temporal\n  rules: [fail, nosuch]\n  timespan: 1m\n"),
            path: "corr.yml")
        let set = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        #expect(set.correlations.isEmpty)
        #expect(
            set.diagnostics.map(\.description) == [
                "corr.yml:13:1: error: the correlation refers to 'nosuch', which no loaded rule has as id or name "
                    + "[T126] (rule corr-x)\n  hint: load the rule it correlates, or fix the reference"
            ])
    }

    @Test func cyclesAreRejected() {
        let yaml =
            CorrelationFixtures.rules("fail") + "---\n"
            + "title: a\nid: a\nname: a\ncorrelation:\n  type: temporal\n  rules: [b, fail]\n  timespan: 1m\n---\n"
            + "title: b\nid: b\nname: b\ncorrelation:\n  type: temporal\n  rules: [a, fail]\n  timespan: 1m\n---\n"
            + "title: c\nid: c\ncorrelation:\n  type: event_count\n  rules: [fail]\n  timespan: 1m\n"
            + "  condition: {gte: 1}\n"
        let parsed = RuleParser.parse(yaml, path: "corr.yml")
        #expect(parsed.diagnostics.isEmpty)
        let set = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        #expect(set.correlations.map(\.rule.id) == ["c"])
        #expect(set.diagnostics.map(\.code) == ["T127", "T127"])
    }

    @Test func referencesByIdOrNameAndCapturedFields() throws {
        let yaml =
            CorrelationFixtures.rules("fail", "ok") + "---\n"
            + CorrelationCase.correlation(
                "spray",
                "  type: value_count\n  rules: [id-fail]\n  group-by: [ip, host]\n  timespan: 5m\n  condition:\n"
                    + "    field: user\n    gte: 3\n")
            + "---\n"
            + CorrelationCase.correlation(
                "seq", "  type: temporal_ordered\n  rules: [fail, ok]\n  group-by: [host]\n  timespan: 5m\n")
        let parsed = RuleParser.parse(yaml, path: "corr.yml")
        let set = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        #expect(set.diagnostics.isEmpty)
        #expect(set.captureFields["id-fail"] == ["ip", "host", "user"])
        #expect(set.captureFields["id-ok"] == ["host"])
        let spray = try #require(set.correlations.first)
        #expect(spray.bindings.map(\.groupIndices) == [[0, 1]])
        #expect(spray.bindings.map(\.valueIndex) == [2])
        #expect(set.correlations[1].bindings.map(\.groupIndices) == [[1], [0]])
    }

    @Test func generateDecidesWhetherReferencedRulesReport() {
        func suppressed(_ generate: String) -> Set<String> {
            let yaml =
                CorrelationFixtures.rules("fail", "other") + "---\n"
                + CorrelationCase.correlation(
                    "c", "  type: event_count\n  rules: [fail]\n  timespan: 1m\n  condition: {gte: 2}\n" + generate)
            let parsed = RuleParser.parse(yaml, path: "corr.yml")
            return CorrelationSet(correlations: parsed.correlations, rules: parsed.rules).suppressedRuleIDs
        }
        #expect(suppressed("") == ["id-fail"])
        #expect(suppressed("  generate: true\n") == [])
    }

    @Test func innerCorrelationsReportOnlyWithGenerate() {
        let yaml =
            CorrelationFixtures.rules("fail") + "---\n"
            + "title: inner\nid: inner\nname: inner\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
            + "  timespan: 1m\n  condition: {gte: 2}\n---\n"
            + CorrelationCase.correlation("outer", "  type: event_count\n  rules: [inner]\n  timespan: 1h\n  condition: {gte: 2}\n")
        let parsed = RuleParser.parse(yaml, path: "corr.yml")
        let set = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        #expect(set.correlations.map(\.reported) == [false, true])
    }

    @Test func groupOverflowIsCountedNotACrash() throws {
        let yaml = CorrelationFixtures.rules("fail") + "---\n" + Self.count
        let matches = (0..<1000).map { Match("fail", at: Double($0) / 100, ["host": "h\($0)"]) }
        let result = try CorrelationFixtures.run(
            yaml, matches, limits: CorrelationLimits(maxGroups: 64, tolerance: .infinity))
        #expect(result.alerts.isEmpty)
        #expect(result.statistics.groupsDropped > 0)
        #expect(result.statistics.inputs == 1000)
    }

    @Test func windowEventsAreCapped() throws {
        let yaml =
            CorrelationFixtures.rules("fail") + "---\n"
            + CorrelationCase.correlation(
                "many", "  type: event_count\n  rules: [fail]\n  timespan: 1h\n  condition:\n    gte: 100\n")
        let matches = (0..<200).map { Match("fail", at: Double($0)) }
        let result = try CorrelationFixtures.run(
            yaml, matches, limits: CorrelationLimits(maxEventsPerGroup: 10, tolerance: .infinity))
        #expect(result.alerts.isEmpty)
        #expect(result.statistics.eventsDropped == 190)
    }

    @Test func inputsLaterThanTheToleranceAreCounted() throws {
        let yaml = CorrelationFixtures.rules("fail") + "---\n" + Self.count
        let matches = [Match("fail", at: 1000, ["host": "a"]), Match("fail", at: 2000, ["host": "a"]),
            Match("fail", at: 10, ["host": "a"])]
        let result = try CorrelationFixtures.run(yaml, matches, limits: CorrelationLimits(tolerance: 60))
        #expect(result.statistics.late == 1)
        #expect(result.alerts.isEmpty)
    }

    @Test func heldInputsAreBounded() throws {
        let yaml = CorrelationFixtures.rules("fail") + "---\n" + Self.count
        // Ten held at most: each input past them releases the oldest early; one older than those released is late.
        let matches = (0..<100).map { Match("fail", at: Double($0) * 100, ["host": "a"]) } + [Match("fail", at: 0)]
        let result = try CorrelationFixtures.run(
            yaml, matches, limits: CorrelationLimits(tolerance: .infinity, maxHeld: 10))
        #expect(result.statistics.forced == 90)
        #expect(result.statistics.late == 1)
    }

    /// Capture through the real engine: fields read from evtx-shaped events by the pipeline's paths.
    @Test func theDetectionEngineCapturesGroupFields() throws {
        let yaml =
            "title: failed\nid: id-failed\nname: failed\nlogsource:\n  product: windows\n  service: security\n"
            + "detection:\n  sel:\n    EventID: 4625\n  condition: sel\nlevel: low\n---\n"
            + CorrelationCase.correlation(
                "spray",
                "  type: value_count\n  rules: [failed]\n  group-by: [IpAddress]\n  timespan: 5m\n  condition:\n"
                    + "    field: TargetUserName\n    gte: 2\n")
        let parsed = RuleParser.parse(yaml, path: "corr.yml")
        let set = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        let engine = DetectionEngine(
            rules: parsed.rules, pipeline: try Pipeline.builtinWindows(), captureFields: set.captureFields)
        var correlator = CorrelationEngine<Int>(set: set, ruleIDs: engine.rules.map(\.id))
        let worker = engine.makeWorker()
        var alerts: [CorrelationAlert<Int>] = []
        for (index, user) in ["anna", "bert"].enumerated() {
            let event =
                ##"{"Event":{"System":{"EventID":4625,"Channel":"Security","Computer":"DC01","##
                + ##""TimeCreated":{"#attributes":{"SystemTime":"2026-11-20T08:00:0\##(index).000Z"}}},"##
                + ##""EventData":{"TargetUserName":"\##(user)","IpAddress":"185.220.101.47"}}}"##
            var fired: [Int] = []
            try Array(event.utf8).withUnsafeBufferPointer { try worker.match($0, into: &fired) }
            #expect(fired == [0])
            #expect(worker.captured(rule: 0) == ["185.220.101.47", user])
            let time = try #require(worker.timestamp().flatMap(EventTime.seconds))
            alerts += correlator.add(rule: 0, time: time, captured: worker.captured(rule: 0), context: index)
        }
        alerts += correlator.finish()
        #expect(alerts.map(\.group) == [["185.220.101.47"]])
        #expect(alerts.map(\.value) == [2])
    }

    @Test(arguments: [
        ("2026-11-20T07:58:02.113Z", 1_795_161_482.113),
        ("2026-11-20 07:58:02.113", 1_795_161_482.113),
        ("2026-11-20T08:58:02+01:00", 1_795_161_482),
        ("2019-05-12T13:37:27.1234567Z", 1_557_668_247.1234567),
        ("1970-01-01T00:00:00Z", 0),
    ])
    func timestamps(_ text: String, _ seconds: Double) throws {
        let parsed = try #require(EventTime.seconds(text))
        #expect(abs(parsed - seconds) < 1e-5)
    }

    @Test(arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-20T25:00:00Z", "2026-11-20T07:58:02Zjunk"])
    func badTimestamps(_ text: String) {
        #expect(EventTime.seconds(text) == nil)
    }
}
