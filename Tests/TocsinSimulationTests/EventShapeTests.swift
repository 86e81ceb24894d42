import Foundation
import Testing

@testable import TocsinSimulation

/// Every line of every file is JSON of the contract's shape; times are ordered and inside the run.
@Suite struct EventShapeTests {
    static let channels: Set<String> = [
        "Microsoft-Windows-Sysmon/Operational", "Security", "System", "Microsoft-Windows-Windows Defender/Operational",
        "Microsoft-Windows-PowerShell/Operational",
    ]

    @Test func windowsEventsHaveTheEvtxDumpLayout() throws {
        let run = try SimulationRun.standardRun()
        let objects = try run.objects(.windows)
        #expect(!objects.isEmpty)
        for object in objects {
            let event = try #require(object["Event"] as? [String: Any])
            let system = try #require(event["System"] as? [String: Any])
            let provider = (system["Provider"] as? [String: Any])?["#attributes"] as? [String: Any]
            #expect(provider?["Name"] is String)
            #expect(system["EventID"] is Int)
            #expect(system["EventRecordID"] is Int)
            let channel = try #require(system["Channel"] as? String)
            #expect(Self.channels.contains(channel), "channel \(channel)")
            let computer = try #require(system["Computer"] as? String)
            #expect(computer.hasSuffix(".medsoft.local"))
            let (_, time) = hostAndTime(object)
            #expect(time.flatMap(milliseconds) != nil)
            #expect(event["EventData"] is [String: Any] || event["UserData"] is [String: Any])
        }
    }

    @Test func linuxEventsAreFlatAuditdOrSyslog() throws {
        let run = try SimulationRun.standardRun()
        let objects = try run.objects(.linux)
        #expect(!objects.isEmpty)
        for object in objects {
            #expect(object["product"] as? String == "linux")
            #expect((object["host"] as? String)?.hasPrefix("lx-") == true)
            #expect((object["timestamp"] as? String).flatMap(milliseconds) != nil)
            switch object["service"] as? String {
            case "auditd":
                switch object["type"] as? String {
                case "EXECVE":
                    for key in ["Image", "CommandLine", "ParentImage", "User"] { #expect(object[key] is String, "\(key)") }
                    #expect(object["ProcessId"] is Int)
                case "PATH":
                    for key in ["TargetFilename", "Image", "User"] { #expect(object[key] is String, "\(key)") }
                default: Issue.record("auditd type \(object["type"] ?? "none")")
                }
            case "syslog":
                #expect(object["program"] is String)
                #expect(object["message"] is String)
            default: Issue.record("service \(object["service"] ?? "none")")
            }
        }
    }

    @Test func firewallFlowsHaveTheContractFields() throws {
        let run = try SimulationRun.standardRun()
        let objects = try run.objects(.firewall)
        #expect(!objects.isEmpty)
        for object in objects {
            #expect(object["host"] as? String == "fw01")
            #expect(object["product"] as? String == "firewall")
            for key in ["src_ip", "src_host", "dst_ip", "protocol", "action"] { #expect(object[key] is String, "\(key)") }
            for key in ["dst_port", "bytes_out", "bytes_in"] { #expect(object[key] is Int, "\(key)") }
            #expect((object["src_ip"] as? String)?.hasPrefix("10.20.") == true)
        }
    }

    @Test func timestampsAreOrderedPerFileAndInsideTheRun() throws {
        let run = try SimulationRun.standardRun()
        let start = run.options.startMilliseconds
        let end = start + Int64(run.options.durationSeconds) * 1000
        for file in [SimulationFile.windows, .linux, .firewall] {
            var previous = Int64.min
            for object in try run.objects(file) {
                let time = try #require(hostAndTime(object).1.flatMap(milliseconds))
                #expect(time >= previous, "\(file.name) goes back in time")
                #expect(time >= start && time <= end, "\(file.name) outside the run")
                previous = time
            }
        }
    }

    @Test func eventCountIsRateTimesDuration() throws {
        let run = try SimulationRun.standardRun()
        let total = run.lines(.windows).count + run.lines(.linux).count + run.lines(.firewall).count
        #expect(total == run.options.rate * run.options.durationSeconds)
        #expect(run.summary.totalEvents == total)
        #expect(run.summary.attackEvents == run.lines(.groundTruth).count)
        #expect(run.summary.bytes == SimulationFile.allCases.reduce(0) { $0 + (run.bytes[$1]?.count ?? 0) })
    }

    @Test func stringsAreEscaped() {
        var buffer = ByteBuffer(capacity: 8)
        buffer.append(escaping: "C:\\x \"q\"\n\t\u{01}é")
        #expect(buffer.view.escaped == #"C:\\x \"q\"\n\t\u0001é"#)
        let parsed = try? JSONSerialization.jsonObject(with: Data(("[\"" + buffer.view.escaped + "\"]").utf8)) as? [String]
        #expect(parsed == ["C:\\x \"q\"\n\t\u{01}é"])
    }

    @Test func timesRenderLikeWindows() {
        #expect(SimulatedTime.iso(SimulationOptions.defaultStartMilliseconds + 113) == "2026-11-23T07:00:00.113Z")
        #expect(SimulatedTime.iso(951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }
}
