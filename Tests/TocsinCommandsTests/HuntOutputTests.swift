import Foundation
import Testing
import TocsinCore

@testable import TocsinCommands

/// The output formats of `tocsin hunt`: JSONL, CSV and the table; `--min-level`.
@Suite struct HuntOutputTests {
    /// Evil (high) on lines 1 and 4, odd (low) on line 3; line 2 matches nothing.
    static let events =
        [
            flatEvent("evil.exe", host: "WS1", time: "2026-01-02T03:04:05Z"),
            flatEvent("calc.exe"),
            flatEvent("odd.exe", host: #"HOST, \"A\""#, time: "2026-01-02T03:04:06Z"),
            #"{"CommandLine":"evil again"}"#,
        ].joined(separator: "\n") + "\n"

    func huntEvents(format: OutputFormat, minimumLevel: Level? = nil) throws -> (HuntResult, String) {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write("events.jsonl", Self.events)
        return (try hunt([file], rules: [rules], format: format, minimumLevel: minimumLevel), file)
    }

    @Test func jsonlRecordsHaveTheDocumentedKeysAndLines() throws {
        let (result, file) = try huntEvents(format: .jsonl)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.last == "")
        let expected =
            #"{"rule_id":"\#(TestRule.evil)","rule_title":"Evil Command","level":"high","file":"\#(file)","#
            + #""line":1,"timestamp":"2026-01-02T03:04:05Z","host":"WS1","tags":[]}"#
        #expect(lines.first.map(String.init) == expected)
        let records = result.records
        #expect(records.count == 3)
        for record in records {
            for key in ["rule_id", "rule_title", "level", "file", "line", "timestamp", "host"] {
                #expect(record[key] != nil, "missing \(key)")
            }
        }
        #expect(result.lines == [1, 3, 4])
        #expect(records.map { $0["level"] as? String } == ["high", "low", "high"])
        #expect(records[1]["rule_title"] as? String == #"Odd, "Quoted" Command"#)
        // The event's escaped quotes are decoded, then escaped once for the output.
        #expect(records[1]["host"] as? String == #"HOST, "A""#)
        #expect(records[2]["timestamp"] is NSNull)
        #expect(records[2]["host"] is NSNull)
        #expect(result.summary.detections == 3)
        #expect(result.summary.rulesFired.count == 2)
    }

    @Test func csvHasAHeaderAndQuotesFieldsThatNeedIt() throws {
        let (result, file) = try huntEvents(format: .csv)
        #expect(
            result.output == """
                rule_id,rule_title,level,file,line,timestamp,host
                \(TestRule.evil),Evil Command,high,\(file),1,2026-01-02T03:04:05Z,WS1
                \(TestRule.odd),"Odd, ""Quoted"" Command",low,\(file),3,2026-01-02T03:04:06Z,"HOST, ""A\"""
                \(TestRule.evil),Evil Command,high,\(file),4,,

                """)
    }

    @Test func csvWithoutDetectionsIsJustTheHeader() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write("events.jsonl", flatEvent("calc.exe") + "\n")
        let result = try hunt([file], rules: [rules], format: .csv)
        #expect(result.output == "rule_id,rule_title,level,file,line,timestamp,host\n")
    }

    @Test func tableGroupsByRuleHighestLevelFirst() throws {
        let (result, file) = try huntEvents(format: .table)
        #expect(
            result.output == """
                HIGH          Evil Command  [\(TestRule.evil)]  2 events
                    2026-01-02T03:04:05Z  WS1  \(file):1
                    -  -  \(file):4
                LOW           Odd, "Quoted" Command  [\(TestRule.odd)]  1 event
                    2026-01-02T03:04:06Z  HOST, "A"  \(file):3

                3 detections from 2 rules: 2 high, 1 low

                """)
    }

    @Test func tableShowsFiveEventsPerRuleAndCountsTheRest() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write("events.jsonl", (1...8).map { _ in flatEvent("evil") }.joined(separator: "\n"))
        let result = try hunt([file], rules: [rules], format: .table)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("    2026") }.count == 5)
        #expect(lines.contains("    … and 3 more"))
        #expect(lines.last == "8 detections from 1 rule: 8 high")
    }

    @Test func tableSummaryOfOneDetection() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write("events.jsonl", flatEvent("odd") + "\n")
        let result = try hunt([file], rules: [rules], format: .table)
        #expect(result.output.hasSuffix("\n1 detection from 1 rule: 1 low\n"))
    }

    @Test func tableWithoutDetections() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write("events.jsonl", flatEvent("calc.exe") + "\n")
        let result = try hunt([file], rules: [rules], format: .table)
        #expect(result.output == "No detections.\n")
    }

    @Test(arguments: [
        (Level.informational, [1, 3, 4]), (.low, [1, 3, 4]), (.medium, [1, 4]), (.high, [1, 4]), (.critical, []),
    ])
    func minimumLevelFilters(minimum: Level, expectedLines: [Int]) throws {
        let (result, _) = try huntEvents(format: .jsonl, minimumLevel: minimum)
        #expect(result.lines == expectedLines)
        #expect(result.summary.detections == expectedLines.count)
        #expect(result.summary.events == 4)
        #expect(result.summary.highestLevel == (expectedLines.isEmpty ? nil : .high))
    }

    @Test func minimumLevelOnTheSamples() throws {
        let result = try hunt([sampleEvents], rules: [try packRules()], minimumLevel: .critical)
        #expect(result.lines == [8, 21])
        #expect(result.records.allSatisfy { $0["level"] as? String == "critical" })
    }

    @Test func sampleDetectionsCarryTimestampAndHost() throws {
        let result = try hunt([sampleEvents], rules: [try packRules()])
        let encoded = try #require(result.records.first { $0["line"] as? Int == 7 })
        #expect(encoded["timestamp"] as? String == "2026-11-20T09:04:51.337Z")
        #expect(encoded["host"] as? String == "PRAXIS-WS01.praxis.local")
        #expect(encoded["rule_id"] as? String == "5e0b3c27-8d1a-4c6f-9e2b-4a7d1f8c6e45")
        // Flat Linux and firewall events name their host in `host`.
        let shell = try #require(result.records.first { $0["line"] as? Int == 14 })
        #expect(shell["host"] as? String == "lx-app01")
        #expect(shell["timestamp"] as? String == "2026-11-20T09:18:10.000Z")
    }
}
