import Foundation
import Testing
import TocsinCore
import TocsinDetection

@testable import TocsinCommands

/// Correlation rules through `tocsin hunt`: files in any order, base matches suppressed, alerts reported.
@Suite("Hunt: correlations")
struct HuntCorrelationTests {
    static let rules = """
        title: Failed logon
        id: 0b7e2d6a-0000-4000-8000-000000000001
        name: failed_logon
        logsource: {product: windows, service: security}
        detection:
          sel:
            EventID: 4625
          condition: sel
        level: informational
        ---
        title: Password spraying
        id: 0b7e2d6a-0000-4000-8000-000000000002
        correlation:
          type: value_count
          rules: [failed_logon]
          group-by: [IpAddress]
          timespan: 5m
          condition:
            field: TargetUserName
            gte: 3
        tags: [attack.credential_access, attack.t1110.003]
        level: high

        """

    static func failedLogon(_ user: String, second: Int, ip: String = "185.220.101.47") -> String {
        let time = String(format: "2026-11-20T08:00:%02d.000Z", second)
        return ##"{"Event":{"System":{"EventID":4625,"Channel":"Security","Computer":"DC01.medsoft.local","##
            + ##""TimeCreated":{"#attributes":{"SystemTime":"\##(time)"}}},"##
            + ##""EventData":{"TargetUserName":"\##(user)","IpAddress":"\##(ip)"}}}"##
    }

    @Test func sprayingAcrossFilesInAnyOrderRaisesOneAlert() throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("rules/spray.yml", Self.rules)
        // The later half comes first in file order; the hunt orders matches by event time.
        let late = try folder.write(
            "a.jsonl", [Self.failedLogon("carl", second: 30), Self.failedLogon("dora", second: 40)].joined(separator: "\n"))
        let early = try folder.write(
            "b.jsonl",
            [Self.failedLogon("anna", second: 10), Self.failedLogon("bert", second: 20),
                Self.failedLogon("anna", second: 21, ip: "10.20.3.42")].joined(separator: "\n"))
        let result = try hunt([late, early], rules: [rules])
        #expect(result.ruleIDs == ["0b7e2d6a-0000-4000-8000-000000000002"])
        let record = try #require(result.records.first)
        #expect(record["file"] as? String == late)
        #expect(record["line"] as? Int == 1)
        #expect(record["level"] as? String == "high")
        let correlation = try #require(record["correlation"] as? [String: Any])
        #expect(correlation["type"] as? String == "value_count")
        #expect(correlation["value"] as? Int == 3)
        #expect((correlation["group"] as? [String: Any])?["IpAddress"] as? String == "185.220.101.47")
        #expect((correlation["first"] as? [String: Any])?["file"] as? String == early)
        #expect(result.summary.suppressed == 5)
        #expect(result.summary.correlation.alerts == 1)
    }

    @Test func belowTheThresholdNothingIsReported() throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("rules/spray.yml", Self.rules)
        let events = try folder.write(
            "e.jsonl", [Self.failedLogon("anna", second: 1), Self.failedLogon("bert", second: 2)].joined(separator: "\n"))
        let result = try hunt([events], rules: [rules])
        #expect(result.records.isEmpty)
        #expect(result.summary.suppressed == 2)
    }

    @Test func generateTrueReportsTheBaseRuleToo() throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write(
            "rules/spray.yml", Self.rules.replacingOccurrences(of: "  type: value_count", with: "  type: value_count\n  generate: true"))
        let events = try folder.write("e.jsonl", Self.failedLogon("anna", second: 1))
        let result = try hunt([events], rules: [rules])
        #expect(result.ruleIDs == ["0b7e2d6a-0000-4000-8000-000000000001"])
    }

    @Test func noCorrelationsReportsTheBaseRulesOnTheirOwn() throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("rules/spray.yml", Self.rules)
        let events = try folder.write(
            "e.jsonl", (0..<4).map { Self.failedLogon("user\($0)", second: $0) }.joined(separator: "\n"))
        let output = folder.path + "/out.jsonl"
        #expect(TocsinCommand.runMain(["hunt", events, "--rules", rules, "-o", output, "--no-correlations"]) == 0)
        let off = try String(contentsOfFile: output, encoding: .utf8)
        #expect(off.split(separator: "\n").count == 4)
        #expect(!off.contains("\"correlation\""))
        #expect(TocsinCommand.runMain(["hunt", events, "--rules", rules, "-o", output]) == 0)
        let on = try String(contentsOfFile: output, encoding: .utf8)
        #expect(on.split(separator: "\n").count == 1)
        #expect(on.contains("\"correlation\":{\"type\":\"value_count\""))
    }
}
