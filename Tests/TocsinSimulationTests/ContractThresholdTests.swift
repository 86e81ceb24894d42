import Foundation
import Testing

@testable import TocsinSimulation

/// The attack crosses the pack's correlation thresholds; the background stays under the contract's limits.
@Suite struct ContractThresholdTests {
    /// Attack events of the standard run, parsed, with their step.
    func attackEvents() throws -> [(step: String, file: String, object: [String: Any])] {
        let run = try SimulationRun.standardRun()
        let files: [String: [Substring]] = Dictionary(
            uniqueKeysWithValues: [SimulationFile.windows, .linux, .firewall].map { ($0.name, run.lines($0)) })
        return try run.truth().map { entry in
            let line = files[entry.file]?[entry.line - 1] ?? ""
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (entry.step, entry.file, object)
        }
    }

    @Test func kerberoastingIsFifteenServicesFromOneAddressInTwoMinutes() throws {
        let tickets = try attackEvents().filter { eventID($0.object) == 4769 }.map(\.object)
        let services = Set(tickets.compactMap { eventData($0)["ServiceName"] as? String })
        let addresses = Set(tickets.compactMap { eventData($0)["IpAddress"] as? String })
        #expect(services.count == 15)
        #expect(addresses.count == 1)
        #expect(tickets.allSatisfy { eventData($0)["TicketEncryptionType"] as? String == "0x17" })
        let times = tickets.compactMap { hostAndTime($0).1.flatMap(milliseconds) }
        #expect((times.max() ?? 0) - (times.min() ?? 0) <= 120_000)
    }

    @Test func sprayingIsTwentyFiveAccountsFromOneAddressInFiveMinutes() throws {
        let failures = try attackEvents().filter { eventID($0.object) == 4625 }.map(\.object)
        #expect(Set(failures.compactMap { eventData($0)["TargetUserName"] as? String }).count == 25)
        #expect(Set(failures.compactMap { eventData($0)["IpAddress"] as? String }).count == 1)
        let times = failures.compactMap { hostAndTime($0).1.flatMap(milliseconds) }
        #expect((times.max() ?? 0) - (times.min() ?? 0) <= 300_000)
    }

    @Test func encryptionIsFiveHundredFilesByOneImageOnFS01InTwoMinutes() throws {
        let writes = try attackEvents().filter { $0.step == "encryption" }.map(\.object)
        let renamed = writes.filter { (eventData($0)["TargetFilename"] as? String)?.hasSuffix(".medlock") == true }
        #expect(Set(renamed.compactMap { eventData($0)["TargetFilename"] as? String }).count >= 500)
        #expect(Set(writes.compactMap { eventData($0)["Image"] as? String }) == ["C:\\Users\\Public\\svchost.exe"])
        #expect(Set(writes.compactMap { hostAndTime($0).0 }) == ["FS01.medsoft.local"])
        let notes = writes.filter { (eventData($0)["TargetFilename"] as? String)?.hasSuffix("\\README_RESTORE.txt") == true }
        #expect(notes.count >= 10)
        let times = writes.compactMap { hostAndTime($0).1.flatMap(milliseconds) }
        #expect((times.max() ?? 0) - (times.min() ?? 0) <= 120_000)
    }

    @Test func exfiltrationSendsMoreThanAGigabytePerHostInTenMinutes() throws {
        let flows = try attackEvents().filter { $0.step == "exfiltration" && $0.file == "firewall.jsonl" }.map(\.object)
        var perSource: [String: Int] = [:]
        for flow in flows { perSource[flow["src_ip"] as? String ?? "", default: 0] += flow["bytes_out"] as? Int ?? 0 }
        #expect(Set(perSource.keys) == ["10.20.1.20", "10.20.1.30"])
        #expect(perSource.values.allSatisfy { $0 > 1_000_000_000 })
        #expect(perSource.values.reduce(0, +) > 2_000_000_000)
        let times = flows.compactMap { ($0["timestamp"] as? String).flatMap(milliseconds) }
        #expect((times.max() ?? 0) - (times.min() ?? 0) <= 600_000)
    }

    @Test func credentialTheftAndShadowCopyDeletionShareAHostWithinTwoHours() throws {
        let events = try attackEvents()
        func hosts(_ step: String) -> [String: Int64] {
            var first: [String: Int64] = [:]
            for event in events where event.step == step {
                let (host, time) = hostAndTime(event.object)
                if let host, let time = time.flatMap(milliseconds), first[host] == nil { first[host] = time }
            }
            return first
        }
        let theft = hosts("credential-theft")
        let impact = hosts("impact-precursors")
        let shared = Set(theft.keys).intersection(impact.keys)
        #expect(shared.contains("APP01.medsoft.local"))
        for host in shared { #expect((impact[host] ?? 0) - (theft[host] ?? 0) < 7_200_000) }
    }

    /// Runs `work` on a thread of its own: this test parses four million events, and on Swift's small cooperative
    /// pool that would keep every other test (and their network timeouts) waiting for half a minute.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    @Test func backgroundStaysUnderTheContractsLimits() async throws {
        // The checks run where the events are parsed and come back as the problems they found.
        let problems = try await Self.offThePool { () throws -> [String] in
            var problems: [String] = []
            let run = try SimulationRun(SimulationOptions(hosts: 20, durationSeconds: 3600, rate: 60, scenario: .none))
            var failures: [String: Int] = [:]
            for object in try run.objects(.windows) {
                let data = eventData(object)
                switch eventID(object) {
                case 4625: failures[data["TargetUserName"] as? String ?? "", default: 0] += 1
                case 4769:
                    if data["TicketEncryptionType"] as? String != "0x12" { problems.append("a 4769 ticket not AES: \(data)") }
                case 4624:
                    let address = data["IpAddress"] as? String ?? ""
                    if !address.hasPrefix("10.20.") { problems.append("logon from \(address)") }
                case 1:
                    if (data["CommandLine"] as? String ?? "").contains("-enc") { problems.append("an encoded command line") }
                default: break
                }
            }
            if !failures.values.allSatisfy({ $0 <= 3 }) { problems.append("failed logons: \(failures)") }
            var windows: [String: [(Int64, Int)]] = [:]
            for flow in try run.objects(.firewall) {
                let source = flow["src_ip"] as? String ?? ""
                if flow["dst_port"] as? Int == 8443 && !["10.20.5.11", "10.20.5.12"].contains(source) {
                    problems.append("port 8443 reached from \(source)")
                }
                let time = (flow["timestamp"] as? String).flatMap(milliseconds) ?? 0
                windows[source, default: []].append((time, flow["bytes_out"] as? Int ?? 0))
            }
            for (source, flows) in windows {
                var low = 0
                var sum = 0
                for (time, bytes) in flows {
                    sum += bytes
                    while flows[low].0 < time - 600_000 {
                        sum -= flows[low].1
                        low += 1
                    }
                    if sum >= 50_000_000 { problems.append("\(source) sends \(sum) bytes in ten minutes") }
                }
            }
            return problems
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }
}
