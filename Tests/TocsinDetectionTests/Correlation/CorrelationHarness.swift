import Testing
import TocsinCore

@testable import TocsinDetection

/// One match of a detection rule fed to the correlation engine: the rule's name, event time, field values.
struct Match: Sendable, CustomStringConvertible {
    var rule: String
    var time: Double?
    var fields: [String: String]

    init(_ rule: String, at time: Double?, _ fields: [String: String] = [:]) {
        self.rule = rule
        self.time = time
        self.fields = fields
    }

    var description: String { "\(rule)@\(time.map { String($0) } ?? "-")" }
}

/// A correlation scenario: rules (YAML), matches in arrival order, and the alerts expected.
struct CorrelationCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var matches: [Match]
    /// Expected alerts as `title@time value [group]`, in the order raised.
    var alerts: [String]
    var tolerance: Double = .infinity

    var testDescription: String { name }
}

/// Base rules the scenarios correlate: their detection never runs here; only their names and ids matter.
enum CorrelationFixtures {
    static func base(_ name: String) -> String {
        "title: \(name)\nid: id-\(name)\nname: \(name)\nlogsource:\n  product: windows\n  service: security\n"
            + "detection:\n  sel:\n    EventID: 1\n  condition: sel\nlevel: low\n"
    }

    static func rules(_ names: String...) -> String {
        names.map(base).joined(separator: "---\n")
    }

    /// Parses `yaml`, resolves its correlations and runs `matches` through an engine.
    static func run(
        _ yaml: String, _ matches: [Match], limits: CorrelationLimits = CorrelationLimits(tolerance: .infinity)
    ) throws -> (alerts: [String], statistics: CorrelationStatistics, set: CorrelationSet) {
        let parsed = RuleParser.parse(yaml, path: "corr.yml")
        try #require(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        let set = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        try #require(set.diagnostics.isEmpty, "\(set.diagnostics)")
        let ids = parsed.rules.map(\.id)
        var engine = CorrelationEngine<Int>(set: set, ruleIDs: ids, limits: limits)
        var raised: [CorrelationAlert<Int>] = []
        for (position, match) in matches.enumerated() {
            let index = try #require(parsed.rules.firstIndex { $0.name == match.rule }, "no rule \(match.rule)")
            let captured = (set.captureFields[ids[index]] ?? []).map { match.fields[$0] }
            raised += engine.add(rule: index, time: match.time, captured: captured, context: position)
        }
        raised += engine.finish()
        let rendered = raised.map { alert -> String in
            let rule = set.correlations[alert.correlation].rule
            let value = alert.value == alert.value.rounded() ? String(Int(alert.value)) : String(alert.value)
            let group = alert.group.map { $0 ?? "-" }.joined(separator: ",")
            let time = alert.time == alert.time.rounded() ? String(Int(alert.time)) : String(alert.time)
            return "\(rule.title)@\(time) \(value)" + (group.isEmpty ? "" : " [\(group)]")
        }
        return (rendered, engine.statistics, set)
    }
}
