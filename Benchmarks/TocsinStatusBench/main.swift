// tocsin-statusbench: how many requests a second the public status page serves, and whether it still serves its
// last good snapshot when the database goes away.
//
// It starts the release `tocsin serve` with the sample catalogue on a free port and a fresh data folder (or on
// PostgreSQL with --database), switches data centre "nord" off over the API (so the page is not all green), posts
// an incident through the responder's form, then loads five public URLs with wrk (-t2 -c64, 10 s each): the German
// page, the English page by Accept-Language, the German page as a browser asks for it (gzip), the Atom feed and
// the JSON summary. It prints requests per second
// and latency percentiles per URL; any non-2xx answer or socket error is reported, since a fast error page would
// flatter the figure.
//
// With --stop-database-command (a shell command, e.g. "pg_ctl -D /tmp/pg stop -m fast") it then runs that
// command, checks that /status still answers 200 with the same snapshot version, and runs wrk again: the page
// must fall back to the last good snapshot, not fail.
//
// Usage: swift build -c release && .build/release/tocsin-statusbench [--duration 10s] [--connections 64]
//     [--threads 2] [--database postgres://…] [--stop-database-command "…"] [--target 20000] [--keep]
// Run it from the repository's root (it reads samples/catalogue.yaml there). Needs wrk and curl.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct Settings {
    var duration = "10s"
    var connections = 64
    var threads = 2
    var database: String?
    var stopDatabaseCommand: String?
    var target = 20_000.0
    var keep = false

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            func value() -> String {
                index += 1
                guard index < arguments.count else { usage("\(arguments[index - 1]) needs a value") }
                return arguments[index]
            }
            switch arguments[index] {
            case "--duration": duration = value()
            case "--connections": connections = max(1, Int(value()) ?? connections)
            case "--threads": threads = max(1, Int(value()) ?? threads)
            case "--database": database = value()
            case "--stop-database-command": stopDatabaseCommand = value()
            case "--target": target = Double(value()) ?? target
            case "--keep": keep = true
            case "-h", "--help":
                print(
                    "usage: tocsin-statusbench [--duration 10s] [--connections N] [--threads N] "
                        + "[--database postgres://…] [--stop-database-command COMMAND] [--target REQUESTS_PER_S] "
                        + "[--keep]")
                exit(0)
            default: usage("unknown argument \(arguments[index])")
            }
            index += 1
        }
    }
}

func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tocsin-statusbench: \(message)\n".utf8))
    exit(2)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// What to stop and remove when the benchmark ends, however it ends.
var running: [Process] = []
var workFolder: URL?
var keepFolder = false

@MainActor func cleanUp() {
    for process in running where process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
    running = []
    if let workFolder, !keepFolder { try? FileManager.default.removeItem(at: workFolder) }
}

@MainActor func fail(_ message: String) -> Never {
    cleanUp()
    FileHandle.standardError.write(Data("tocsin-statusbench: \(message)\n".utf8))
    exit(1)
}

/// Runs a program to its end; its exit status and standard output.
@MainActor func run(_ executable: String, _ arguments: [String], input: String? = nil, in folder: URL? = nil) -> (
    status: Int32, output: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    do { try process.run() } catch { fail("cannot run \(executable): \(error)") }
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try? inputPipe.fileHandleForWriting.close()
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A port nobody listens on now (bound and released; the server binds it a moment later).
func freePort() -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The first match of `pattern`'s first group in `text`.
func capture(_ pattern: String, in text: String) -> String? {
    guard let expression = try? NSRegularExpression(pattern: pattern),
        let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
        match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text)
    else { return nil }
    return String(text[range])
}

/// One wrk run's figures (latencies in milliseconds).
struct WrkResult {
    var requestsPerSecond = Double.nan
    var requests = 0
    var percentiles: [String: Double] = [:]
    var maximum = Double.nan
    var failedResponses = 0
    var socketErrors = 0

    /// Parses wrk's `--latency` report.
    init(_ report: String) {
        for line in report.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = fields.first else { continue }
            if first == "Requests/sec:", fields.count > 1 {
                requestsPerSecond = Double(fields[1]) ?? .nan
            } else if first == "Latency", fields.count >= 4 {
                maximum = Self.milliseconds(fields[3])
            } else if ["50%", "75%", "90%", "99%"].contains(first), fields.count > 1 {
                percentiles[first] = Self.milliseconds(fields[1])
            } else if fields.count > 2, fields[1] == "requests", fields[2] == "in" {
                requests = Int(first) ?? 0
            } else if line.hasPrefix("Non-2xx or 3xx responses:") {
                failedResponses = Int(fields.last ?? "") ?? 0
            } else if line.hasPrefix("Socket errors:") {
                socketErrors = fields.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }
                    .reduce(0, +)
            }
        }
    }

    /// `620.43us`, `1.20ms`, `2.00s` or `1.50m` in milliseconds.
    static func milliseconds(_ text: String) -> Double {
        let units = [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            return (Double(text.dropLast(suffix.count)) ?? .nan) * factor
        }
        return .nan
    }
}

/// The URLs wrk loads: a name, the path and extra headers.
let targets: [(name: String, path: String, headers: [String])] = [
    ("/status (de)", "/status", []),
    ("/status (en, Accept-Language)", "/status", ["Accept-Language: en"]),
    // What a browser asks for: German, gzip (the body compressed once per rendering).
    ("/status (de, gzip)", "/status", ["Accept-Language: de-DE,de;q=0.9", "Accept-Encoding: gzip, deflate, br"]),
    ("/status/history.atom", "/status/history.atom?lang=de", []),
    ("/status/api/v2/summary.json", "/status/api/v2/summary.json", []),
]

@MainActor func load(_ base: String, label: String) -> [(String, WrkResult)] {
    var results: [(String, WrkResult)] = []
    for target in targets {
        var probe = ["-s", "-o", "/dev/null", "-w", "%{http_code}"]
        for header in target.headers { probe += ["-H", header] }
        let code = run(curl, probe + [base + target.path]).output
        guard code == "200" else { fail("\(target.path) answers \(code) before the load (\(label)); not measuring") }
        var arguments = [
            "-t\(settings.threads)", "-c\(settings.connections)", "-d\(settings.duration)", "--latency",
        ]
        for header in target.headers { arguments += ["-H", header] }
        note("wrk \(label): \(target.name)")
        let report = run(wrk, arguments + [base + target.path])
        guard report.status == 0 else { fail("wrk failed on \(target.path):\n\(report.output)") }
        results.append((target.name, WrkResult(report.output)))
    }
    return results
}

func table(_ title: String, _ results: [(String, WrkResult)], target: Double) -> String {
    func cell(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "-" }
        return String(format: "%.2f", value)
    }
    func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let space = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + space : space + text
    }
    var lines = [title, pad("URL", 32, left: true) + pad("req/s", 11) + pad("p50 ms", 9) + pad("p75 ms", 9)
        + pad("p90 ms", 9) + pad("p99 ms", 9) + pad("max ms", 9) + pad("non-2xx", 9) + pad("sock err", 9) + "  target"]
    for (name, result) in results {
        let meets = result.requestsPerSecond >= target && result.failedResponses == 0 && result.socketErrors == 0
        lines.append(
            pad(name, 32, left: true) + pad(String(format: "%.0f", result.requestsPerSecond), 11)
                + pad(cell(result.percentiles["50%"]), 9) + pad(cell(result.percentiles["75%"]), 9)
                + pad(cell(result.percentiles["90%"]), 9) + pad(cell(result.percentiles["99%"]), 9)
                + pad(cell(result.maximum), 9) + pad("\(result.failedResponses)", 9) + pad("\(result.socketErrors)", 9)
                + (meets ? "  ok" : "  BELOW"))
    }
    return lines.joined(separator: "\n")
}

/// The snapshot version the page shows ("Stand: … · Version N", the first "Version" on the page) and the body.
@MainActor func statusPage(_ base: String) -> (code: String, version: String?, body: String) {
    let answer = run(curl, ["-s", "-w", "\n%{http_code}", base + "/status"]).output
    var lines = answer.split(separator: "\n", omittingEmptySubsequences: false)
    let code = lines.popLast().map(String.init) ?? ""
    let body = lines.joined(separator: "\n")
    return (code, capture(#"Version (\d+)"#, in: body), body)
}

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
keepFolder = settings.keep
let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("tocsin")
let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let binary =
    FileManager.default.isExecutableFile(atPath: beside.path)
    ? beside : root.appendingPathComponent(".build/release/tocsin")
guard FileManager.default.isExecutableFile(atPath: binary.path) else {
    usage("no tocsin binary beside this program or in .build/release: swift build -c release")
}
let catalogue = root.appendingPathComponent("samples/catalogue.yaml")
guard FileManager.default.fileExists(atPath: catalogue.path) else { usage("run it from the repository's root") }
let curl = "/usr/bin/curl"
let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) ?? ""
guard !wrk.isEmpty else { usage("wrk is not installed (apt-get install wrk)") }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-statusbench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
workFolder = folder
let data = folder.appendingPathComponent("data").path
let config = folder.appendingPathComponent("status.yaml")
try """
continuity:
  catalogue: \(catalogue.path)
status_page:
  organisation: {de: "Beispiel Gesundheits-IT GmbH", en: "Example Health IT Ltd"}

""".write(to: config, atomically: true, encoding: .utf8)
let store = ["--data", data] + (settings.database.map { ["--database", $0] } ?? [])

// One process at a time on SQLite: the token and the responder go in before the server starts.
let token = run(binary.path, ["token", "add", "bench", "--role", "responder"] + store, in: folder).output
    .trimmingCharacters(in: .whitespacesAndNewlines)
guard token.count > 20 else { fail("tocsin token add printed no secret") }
let password = "statusbench-password-\(getpid())"
let userName = "bench\(getpid())"
let user = run(
    binary.path, ["user", "add", userName, "--role", "responder", "--password-stdin"] + store,
    input: password + "\n", in: folder)
guard user.status == 0 else { fail("tocsin user add failed") }

let port = freePort()
let base = "http://127.0.0.1:\(port)"
let server = Process()
server.executableURL = binary
server.arguments = ["serve", "-c", config.path, "--listen", "127.0.0.1:\(port)"] + store
server.currentDirectoryURL = folder
let serverLog = folder.appendingPathComponent("server.log")
_ = FileManager.default.createFile(atPath: serverLog.path, contents: nil)
server.standardError = try FileHandle(forWritingTo: serverLog)
server.standardOutput = try FileHandle(forWritingTo: serverLog)
try server.run()
running.append(server)
if settings.keep { note("keeping \(folder.path)") }

let started = Date()
while run(curl, ["-sf", "-o", "/dev/null", "\(base)/health"]).status != 0 {
    guard server.isRunning, Date().timeIntervalSince(started) < 120 else {
        fail("the server did not start; see \(serverLog.path) (--keep keeps it)")
    }
    usleep(100_000)
}
note("server up on \(base)")

// A containment, so the page shows services switched off, not only green.
let containment = run(
    curl,
    [
        "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(token)",
        "-H", "Content-Type: application/json", "--data",
        #"{"targets":[{"kind":"data_centre","id":"nord"}],"reason":"Benchmark: containment"}"#,
        "\(base)/api/v1/continuity/containments",
    ]
).output
guard containment == "201" else { fail("POST /api/v1/continuity/containments answered \(containment)") }

// An incident through the responder's form: log in, read the CSRF token, post.
let jar = folder.appendingPathComponent("cookies").path
let login = run(
    curl,
    [
        "-s", "-o", "/dev/null", "-w", "%{http_code}", "-c", jar, "--data-urlencode", "name=\(userName)",
        "--data-urlencode", "password=\(password)", "\(base)/manage/login",
    ]
).output
guard login == "303" else { fail("POST /manage/login answered \(login), expected 303") }
let form = run(curl, ["-s", "-b", jar, "-c", jar, "\(base)/manage/status"]).output
guard let field = capture(#"(<input[^>]*name="csrf_token"[^>]*>)"#, in: form),
    let csrf = capture(#"value="([^"]*)""#, in: field)
else { fail("no csrf_token on /manage/status") }
let marker = "statusbench-\(getpid())"
let posted = run(
    curl,
    [
        "-s", "-o", "/dev/null", "-w", "%{http_code}", "-b", jar, "-c", jar,
        "--data-urlencode", "csrf_token=\(csrf)", "--data-urlencode", "incident=new",
        "--data-urlencode", "title_de=Vorsorgliche Abschaltung im Rechenzentrum Nord",
        "--data-urlencode", "title_en=Precautionary shutdown in data centre North",
        "--data-urlencode", "phase=investigating",
        "--data-urlencode", "body_de=Wir haben Systeme vorsorglich abgeschaltet (\(marker)).",
        "--data-urlencode", "body_en=We switched systems off as a precaution (\(marker)).",
        "--data-urlencode", "components=kernsystem", "\(base)/manage/status/updates",
    ]
).output
guard posted == "303" else { fail("POST /manage/status/updates answered \(posted), expected 303") }
let shownBy = Date()
while !statusPage(base).body.contains(marker) {
    guard Date().timeIntervalSince(shownBy) < 10 else { fail("the incident did not reach /status within 10 s") }
    usleep(100_000)
}
let before = statusPage(base)
note("incident on the page; snapshot version \(before.version ?? "?")")

let cores = ProcessInfo.processInfo.activeProcessorCount
let memory = ProcessInfo.processInfo.physicalMemory >> 30
print("tocsin-statusbench: wrk -t\(settings.threads) -c\(settings.connections) -d\(settings.duration) --latency")
print("machine: \(cores) cores, \(memory) GiB; store: \(settings.database == nil ? "SQLite" : "PostgreSQL"); "
    + "date: \(ISO8601DateFormatter().string(from: Date()))")
print("page: \(before.body.utf8.count) bytes, snapshot version \(before.version ?? "?")")
let first = load(base, label: "database up")
print(table("database up", first, target: settings.target))

var fallbackHolds = true
if let command = settings.stopDatabaseCommand {
    let stopped = run("/bin/sh", ["-c", command])
    guard stopped.status == 0 else { fail("the stop command failed (\(stopped.status)): \(command)") }
    usleep(500_000)
    let after = statusPage(base)
    fallbackHolds = after.code == "200" && after.version == before.version
    print("after '\(command)': /status answers \(after.code), snapshot version \(after.version ?? "?") "
        + "(before \(before.version ?? "?")), body \(after.body == before.body ? "identical" : "changed")"
        + (fallbackHolds ? "" : "  FALLBACK BROKEN"))
    if after.code == "200" {
        print(table("database stopped (last good snapshot)", load(base, label: "database stopped"),
            target: settings.target))
    }
}
cleanUp()
exit(fallbackHolds ? 0 : 1)
