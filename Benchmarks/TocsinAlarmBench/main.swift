// tocsin-alarmbench: how fast the alarm chain pages, and whether it keeps up with 1,000 messages a minute.
//
// It starts a real SMTP server (aiosmtpd, the delivery tests' `smtp_server.py`) and a plain HTTP webhook receiver
// (`webhook_receiver.py`), then the release `tocsin serve` with Tocsin's rule pack and an alarm configuration:
// two on-call people (one by mail and webhook, one by mail), management and the data protection officer (both
// by mail, from a playbook). Then it posts one attack event (shadow copies deleted: a critical alert) per host at a
// steady pace, so each event opens an incident that sends five messages. It waits until every message has
// arrived and reports:
// - per incident, from the moment the event was posted to the first page's arrival at the SMTP server and at the
//   webhook receiver: an upper bound of "alert stored → page delivered", since it also holds ingest and detection
//   (the alert is stored after the event is);
// - messages delivered per minute over the run, and whether any was lost or arrived twice (by idempotency key).
//
// Usage: swift build -c release && .build/release/tocsin-alarmbench [--incidents 200] [--interval 0.3]
// Run it from the repository's root (it reads the two receiver scripts from there). Needs python3 with aiosmtpd.
import Foundation

struct Settings {
    var incidents = 200
    var interval = 0.3
    var port = 18471
    var keep = false

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            func value() -> String {
                index += 1
                guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
                return arguments[index]
            }
            switch arguments[index] {
            case "--incidents": incidents = max(1, Int(value()) ?? incidents)
            case "--interval": interval = max(0, Double(value()) ?? interval)
            case "--port": port = Int(value()) ?? port
            case "--keep": keep = true
            case "-h", "--help":
                print("usage: tocsin-alarmbench [--incidents N] [--interval SECONDS] [--port N] [--keep]")
                exit(0)
            default: fail("unknown argument \(arguments[index])")
            }
            index += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tocsin-alarmbench: \(message)\n".utf8))
    exit(2)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// Starts a helper that prints its port on the first line of its output.
func startHelper(_ arguments: [String], log: URL) -> (Process, Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = try? FileHandle(forWritingTo: log)
    do { try process.run() } catch { fail("cannot start \(arguments): \(error)") }
    var bytes: [UInt8] = []
    while true {
        let byte = pipe.fileHandleForReading.readData(ofLength: 1)
        guard let first = byte.first, first != 10 else { break }
        bytes.append(first)
    }
    let line = String(decoding: bytes, as: UTF8.self)
    guard let port = Int(line) else { fail("\(arguments[1]) did not start: \(line) (python3 with aiosmtpd needed)") }
    return (process, port)
}

/// Runs a command to its end; its standard output.
func run(_ executable: String, _ arguments: [String], in folder: URL? = nil) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { fail("cannot run \(executable): \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func quantile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)]
}

func describe(_ values: [Double]) -> String {
    String(
        format: "n=%d  p50 %.3f s  p95 %.3f s  p99 %.3f s  max %.3f s", values.count, quantile(values, 0.5),
        quantile(values, 0.95), quantile(values, 0.99), values.max() ?? .nan)
}

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("tocsin")
guard FileManager.default.isExecutableFile(atPath: binary.path) else { fail("no tocsin binary beside this program") }
let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let smtpScript = root.appendingPathComponent("Tests/TocsinDeliveryTests/Support/smtp_server.py").path
let hookScript = root.appendingPathComponent("Benchmarks/TocsinAlarmBench/webhook_receiver.py").path
guard FileManager.default.fileExists(atPath: smtpScript) else { fail("run it from the repository's root") }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-alarmbench-\(getpid())")
let mailFolder = folder.appendingPathComponent("mail")
try FileManager.default.createDirectory(at: mailFolder, withIntermediateDirectories: true)
let hookLog = folder.appendingPathComponent("webhook.jsonl")
let (smtp, smtpPort) = startHelper(
    ["python3", smtpScript, "--output", mailFolder.path], log: folder.appendingPathComponent("smtp.log"))
let (hook, hookPort) = startHelper(["python3", hookScript, hookLog.path], log: folder.appendingPathComponent("hook.log"))

let configuration = """
    listen: 127.0.0.1:\(settings.port)
    grouping: {key: host}
    public_url: http://127.0.0.1:\(settings.port)
    organisation: {name: Benchmark GmbH}
    channels:
      mail: {type: smtp, host: 127.0.0.1, port: \(smtpPort), security: none, from: "Tocsin <tocsin@bench.example>"}
      hook: {type: webhook, url: "http://127.0.0.1:\(hookPort)/hook"}
    delivery: {concurrency: 8, tick: 1s}
    contacts:
      - {id: anna, roles: [on_call], email: anna@bench.example, endpoints: [{channel: hook}]}
      - {id: ben, roles: [on_call], email: ben@bench.example}
      - {id: cfo, roles: [management], email: cfo@bench.example}
      - {id: dsb, roles: [data_protection_officer], email: dsb@bench.example}
    escalation_policies:
      - name: critical
        trigger: {minimum_severity: high}
        tiers:
          - {delay: 1h, targets: [role:on_call]}
    playbooks:
      - name: impact
        trigger: {minimum_severity: critical, tags: [attack.impact]}
        steps:
          - {notify: management_briefing, to: [role:management], approval: automatic}
          - {notify: dpo_briefing, to: [role:data_protection_officer], approval: automatic}

    """
try configuration.write(to: folder.appendingPathComponent("tocsin.yaml"), atomically: true, encoding: .utf8)
let token = run(binary.path, ["token", "add", "alarmbench", "--role", "responder"], in: folder).output
    .trimmingCharacters(in: .whitespacesAndNewlines)
guard token.hasPrefix("tcn_") else { fail("could not create a token") }

let server = Process()
server.executableURL = binary
server.arguments = ["serve"]
server.currentDirectoryURL = folder
let serverLog = folder.appendingPathComponent("server.log")
_ = FileManager.default.createFile(atPath: serverLog.path, contents: nil)
server.standardError = try FileHandle(forWritingTo: serverLog)
server.standardOutput = try FileHandle(forWritingTo: serverLog)
try server.run()
func stopAll() {
    for process in [server, smtp, hook] where process.isRunning {
        kill(process.processIdentifier, SIGKILL)
    }
    if !settings.keep { try? FileManager.default.removeItem(at: folder) }
}

let base = "http://127.0.0.1:\(settings.port)"
let started = Date()
while run("/usr/bin/curl", ["-sf", "\(base)/health"]).status != 0 {
    guard server.isRunning, Date().timeIntervalSince(started) < 120 else {
        stopAll()
        fail("the server did not start; see \(serverLog.path)")
    }
    usleep(100_000)
}
note("server up; posting \(settings.incidents) attacks, one every \(settings.interval) s")

func event(host: String) -> String {
    let time = ISO8601DateFormatter().string(from: Date())
    return ##"{"Event":{"System":{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"\##(host)","##
        + ##""TimeCreated":{"#attributes":{"SystemTime":"\##(time)"}}},"EventData":{"Image":"C:\\Windows\\System32\\vssadmin.exe","##
        + ##""CommandLine":"vssadmin.exe delete shadows /all /quiet","ParentImage":"C:\\Windows\\System32\\cmd.exe"}}}"##
}

var acknowledged: [String: Double] = [:]  // host → when its event was posted
let first = Date()
for index in 0..<settings.incidents {
    let due = first.addingTimeInterval(Double(index) * settings.interval)
    let wait = due.timeIntervalSinceNow
    if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
    let host = "bench-\(index)"
    let posted = Date().timeIntervalSince1970
    let result = run(
        "/usr/bin/curl",
        [
            "-sf", "-X", "POST", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/x-ndjson",
            "--data-binary", event(host: host), "\(base)/api/v1/events",
        ])
    guard result.status == 0 else {
        stopAll()
        fail("ingest refused the event for \(host)")
    }
    acknowledged[host] = posted
}
let expected = settings.incidents * 5

/// Mail and webhook arrivals: (time, idempotency key, incident id).
func arrivals() -> (mail: [(Double, String, Int)], hook: [(Double, String, Int)]) {
    var mail: [(Double, String, Int)] = []
    let files = (try? FileManager.default.contentsOfDirectory(atPath: mailFolder.path)) ?? []
    for file in files where file.hasSuffix(".eml") {
        let path = mailFolder.appendingPathComponent(file).path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date,
            let line = text.split(separator: "\r\n").first(where: { $0.hasPrefix("X-Tocsin-Idempotency-Key: ") })
        else { continue }
        let key = String(line.dropFirst("X-Tocsin-Idempotency-Key: ".count))
        let parts = key.split(separator: ":")
        let incident = key.hasPrefix("escalation:") ? Int(parts[1]) : Int(parts[2])
        mail.append((modified.timeIntervalSince1970, key, incident ?? -1))
    }
    var hook: [(Double, String, Int)] = []
    let text = (try? String(contentsOf: hookLog, encoding: .utf8)) ?? ""
    for line in text.split(separator: "\n") {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let time = object["time"] as? Double, let key = object["key"] as? String
        else { continue }
        hook.append((time, key, object["incident"] as? Int ?? -1))
    }
    return (mail, hook)
}

let waitStarted = Date()
var seen = arrivals()
while seen.mail.count + seen.hook.count < expected && Date().timeIntervalSince(waitStarted) < 120 {
    usleep(200_000)
    seen = arrivals()
}
let incidentsJSON = run(
    "/usr/bin/curl", ["-sf", "-H", "Authorization: Bearer \(token)", "\(base)/api/v1/incidents?limit=1000"]
).output
var hostOf: [Int: String] = [:]
if let object = try? JSONSerialization.jsonObject(with: Data(incidentsJSON.utf8)) as? [String: Any],
    let incidents = object["incidents"] as? [[String: Any]]
{
    for incident in incidents {
        if let id = incident["id"] as? Int, let host = incident["host"] as? String { hostOf[id] = host }
    }
}
let metrics = run("/usr/bin/curl", ["-sf", "-H", "Authorization: Bearer \(token)", "\(base)/metrics"]).output
stopAll()

@MainActor func firstPages(_ list: [(Double, String, Int)]) -> [Double] {
    var earliest: [Int: Double] = [:]
    for (time, key, incident) in list where key.hasPrefix("escalation:") {
        earliest[incident] = min(earliest[incident] ?? .infinity, time)
    }
    return earliest.compactMap { incident, time in
        hostOf[incident].flatMap { acknowledged[$0] }.map { time - $0 }
    }
}

let all = seen.mail + seen.hook
let keys = all.map(\.1)
let duplicates = keys.count - Set(keys).count
let span = (all.map(\.0).max() ?? first.timeIntervalSince1970) - first.timeIntervalSince1970
print("tocsin-alarmbench: \(settings.incidents) incidents, one every \(settings.interval) s, 5 messages each")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB")
print("incidents stored: \(hostOf.count)")
print("messages expected \(expected), arrived \(all.count) (mail \(seen.mail.count), webhook \(seen.hook.count)), "
    + "distinct keys \(Set(keys).count), duplicates \(duplicates)")
print(String(format: "delivered per minute: %.0f (over %.1f s from the first event to the last arrival)",
    Double(all.count) / span * 60, span))
print("first page by mail, from posting the event: " + describe(firstPages(seen.mail)))
print("first page by webhook, from posting the event: " + describe(firstPages(seen.hook)))
for line in metrics.split(separator: "\n") where line.hasPrefix("tocsin_messages_") || line.hasPrefix("tocsin_alarm_failures") {
    print("  \(line)")
}
