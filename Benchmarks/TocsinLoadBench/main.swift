// tocsin-loadbench: sustained HTTP ingest with live detection, client and server on loopback.
//
// Starts `tocsin serve` (the binary beside this one) as a child process on a new data folder (or --database), with
// Tocsin's rule pack plus --rules, creates an API token, and then sends the recorded attack events as NDJSON batches
// over --connections keep-alive HTTP/1.1 connections for --seconds. When sending stops it waits until detection has
// caught up (no event pending), so the figure is what ingest *and* detection sustain together:
//
//     events/s = events acknowledged / (first request → last event matched)
//
// Alert latency (event received → alert committed) comes from the server's own histogram
// `tocsin_alert_latency_seconds` on /metrics: the p50/p99 printed are bucket upper bounds (at most that long).
// A 429 (back-pressure or rate) is honoured: the connection waits Retry-After and sends the same batch again.
// /health and /metrics are read with curl, outside the measured load (curl must be on the PATH).
//
// With --rate the load is offered at that many events/s (each connection sends on a fixed schedule), which shows
// the latency at a load the server sustains; without it every connection sends as fast as it is answered, which
// shows the most the server takes.
//
// Usage: tocsin-loadbench [--database sqlite|postgres://…] [--seconds N] [--connections N] [--batch N]
//                         [--rate EVENTS/S] [--events DIR] [--rules DIR] [--port N] [--keep]
// Defaults: sqlite in a new temporary folder, 20 s, 4 connections, 1,000 events per request,
//           ../shared/data/events, ../shared/data/sigma/rules/windows, port 18470.
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

struct Settings {
    var database = "sqlite"
    var seconds = 20.0
    var connections = 4
    var batch = 1_000
    var events = "../shared/data/events"
    var rules = "../shared/data/sigma/rules/windows"
    var port = 18470
    var keep = false
    /// Offered load in events/s over all connections; 0 sends as fast as the server answers.
    var rate = 0

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--database": database = value()
            case "--seconds": seconds = Double(value()) ?? seconds
            case "--connections": connections = max(1, Int(value()) ?? connections)
            case "--batch": batch = max(1, Int(value()) ?? batch)
            case "--events": events = value()
            case "--rules": rules = value()
            case "--port": port = Int(value()) ?? port
            case "--keep": keep = true
            case "--rate": rate = max(0, Int(value()) ?? rate)
            case "-h", "--help":
                print(
                    "usage: tocsin-loadbench [--database sqlite|postgres://…] [--seconds N] [--connections N] "
                        + "[--batch N] [--rate EVENTS/S] [--events DIR] [--rules DIR] [--port N] [--keep]")
                exit(0)
            default: fail("unknown argument \(arguments[index])")
            }
            index += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tocsin-loadbench: \(message)\n".utf8))
    exit(2)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// The recorded events, one JSON object per line, cut into request bodies of `batch` lines.
func requestBodies(from folder: String, batch: Int) -> (bodies: [ByteBuffer], events: Int) {
    guard let walker = FileManager.default.enumerator(atPath: folder) else { fail("cannot read \(folder)") }
    var lines: [Substring] = []
    var texts: [String] = []
    for case let path as String in walker where path.hasSuffix(".jsonl") {
        guard let text = try? String(contentsOfFile: folder + "/" + path, encoding: .utf8) else { continue }
        texts.append(text)
    }
    for text in texts {
        lines += text.split(separator: "\n", omittingEmptySubsequences: true)
    }
    guard !lines.isEmpty else { fail("no events (*.jsonl) under \(folder)") }
    var bodies: [ByteBuffer] = []
    var start = 0
    while start < lines.count {
        let end = min(lines.count, start + batch)
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        for line in lines[start..<end] {
            buffer.writeString(String(line))
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        bodies.append(buffer)
        start = end
    }
    return (bodies, lines.count)
}

/// Runs a command to its end and returns its standard output.
func runToEnd(_ executable: URL, _ arguments: [String], in folder: URL) throws -> String {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fail("\(executable.lastPathComponent) \(arguments) failed") }
    return String(decoding: data, as: UTF8.self)
}

/// One keep-alive HTTP/1.1 connection that posts bodies and reads each answer.
struct Connection {
    let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    static func open(group: EventLoopGroup, port: Int) async throws -> Connection {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return Connection(channel: channel)
    }
}

/// What one connection did.
struct Tally: Sendable {
    var requests = 0
    var events = 0
    var refused = 0
    var failures = 0
}

/// Posts bodies in turn until `deadline`; a 429 waits Retry-After and sends the same body again.
func drive(
    group: EventLoopGroup, port: Int, token: String, bodies: [ByteBuffer], eventsPerBody: [Int], first: Int,
    deadline: ContinuousClock.Instant, interval: Duration?
) async throws -> Tally {
    var tally = Tally()
    let connection = try await Connection.open(group: group, port: port)
    try await connection.channel.executeThenClose { inbound, outbound in
        var responses = inbound.makeAsyncIterator()
        var index = first
        var next = ContinuousClock.now
        while ContinuousClock.now < deadline {
            if let interval {
                // A fixed schedule: a late request is sent at once, never skipped (the offered load stays the same).
                if next > ContinuousClock.now { try await Task.sleep(until: next, clock: .continuous) }
                next += interval
            }
            let body = bodies[index % bodies.count]
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/api/v1/events")
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "Authorization", value: "Bearer \(token)")
            head.headers.add(name: "Content-Type", value: "application/x-ndjson")
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(body)))
            try await outbound.write(.end(nil))
            var status: HTTPResponseStatus = .ok
            var retryAfter = 1.0
            reading: while let part = try await responses.next() {
                switch part {
                case .head(let response):
                    status = response.status
                    retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init) ?? 1
                case .body: break
                case .end: break reading
                }
            }
            tally.requests += 1
            if status == .ok {
                tally.events += eventsPerBody[index % bodies.count]
                index += 1
            } else if status == .tooManyRequests {
                tally.refused += 1
                try await Task.sleep(for: .seconds(retryAfter))
            } else {
                tally.failures += 1
                index += 1
            }
        }
    }
    return tally
}

/// A histogram read off /metrics: bucket bounds with cumulative counts.
struct ScrapedHistogram {
    var buckets: [(bound: Double, count: Double)] = []
    var count: Double = 0

    func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        return buckets.first { $0.count >= q * count }?.bound
    }
}

/// Reads gauges, counters and the two latency histograms from the server's /metrics.
func scrape(port: Int, token: String) throws -> (values: [String: Double], latency: ScrapedHistogram, ingest: ScrapedHistogram) {
    guard let url = URL(string: "http://127.0.0.1:\(port)/metrics") else { fail("bad metrics URL") }
    let text = try curl(url, token: token)
    var values: [String: Double] = [:]
    var histograms = ["tocsin_alert_latency_seconds": ScrapedHistogram(), "tocsin_ingest_request_seconds": ScrapedHistogram()]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let value = Double(parts[1]) else { continue }
        let name = String(parts[0])
        values[name] = value
        for histogram in histograms.keys {
            if name.hasPrefix("\(histogram)_bucket{le=\"") {
                let bound = name.dropFirst("\(histogram)_bucket{le=\"".count).dropLast(2)
                histograms[histogram]?.buckets.append((bound == "+Inf" ? .infinity : Double(bound) ?? .infinity, value))
            } else if name == "\(histogram)_count" {
                histograms[histogram]?.count = value
            }
        }
    }
    return (values, histograms["tocsin_alert_latency_seconds"] ?? ScrapedHistogram(),
        histograms["tocsin_ingest_request_seconds"] ?? ScrapedHistogram())
}

/// A small blocking GET with a bearer token (for /metrics and /health, outside the measured load).
func curl(_ url: URL, token: String?) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["curl", "-sf", "--max-time", "5"] + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? [])
        + [url.absoluteString]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
    return String(decoding: data, as: UTF8.self)
}

/// CPU time (user + system, all threads, in seconds) a process has used, from /proc; 0 when it cannot be read.
func cpuSeconds(of pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return 0 }
    // After the command name in parentheses: state is field 3, utime field 14 and stime field 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// CPU time of every process on this machine named `postgres` (a PostgreSQL server beside the benchmark: its
/// backends come and go with the pool, so the sum is taken over all of them at each reading).
func postgresCPUSeconds() -> Double {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
    var total = 0.0
    for entry in entries {
        guard let pid = Int32(entry),
            let name = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
            name.trimmingCharacters(in: .whitespacesAndNewlines) == "postgres"
        else { continue }
        total += cpuSeconds(of: pid)
    }
    return total
}

/// The peak resident memory of a process, in KiB, from /proc.
func peakRSS(of pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("tocsin")
guard FileManager.default.isExecutableFile(atPath: binary.path) else { fail("no tocsin binary beside this program") }
let rules = URL(fileURLWithPath: settings.rules).standardizedFileURL.path
guard FileManager.default.fileExists(atPath: rules) else { fail("no rules at \(rules)") }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-loadbench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let configuration = """
    listen: 127.0.0.1:\(settings.port)
    database: \(settings.database == "sqlite" ? "sqlite" : "\"\(settings.database)\"")
    rules:
      pack: true
      paths: ["\(rules)"]
    ingest:
      rate_per_token: 100000000
      queue_events: 200000

    """
try configuration.write(to: folder.appendingPathComponent("tocsin.yaml"), atomically: true, encoding: .utf8)

note("reading events from \(settings.events)")
let (bodies, corpusEvents) = requestBodies(from: settings.events, batch: settings.batch)
let eventsPerBody = bodies.map { buffer in buffer.readableBytesView.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
note("\(corpusEvents) events in \(bodies.count) bodies of up to \(settings.batch)")

let token = try runToEnd(binary, ["token", "add", "loadbench-\(getpid())", "--role", "responder"], in: folder)
    .trimmingCharacters(in: .whitespacesAndNewlines)

let server = Process()
server.executableURL = binary
server.arguments = ["serve"]
server.currentDirectoryURL = folder
let serverLog = folder.appendingPathComponent("server.log")
_ = FileManager.default.createFile(atPath: serverLog.path, contents: nil)
server.standardError = try FileHandle(forWritingTo: serverLog)
server.standardOutput = try FileHandle(forWritingTo: serverLog)
try server.run()
defer {
    if server.isRunning {
        server.terminate()
        server.waitUntilExit()
    }
    if !settings.keep { try? FileManager.default.removeItem(at: folder) }
}

let healthURL = URL(string: "http://127.0.0.1:\(settings.port)/health")!
let started = ContinuousClock.now
while (try? curl(healthURL, token: nil)) == nil {
    guard server.isRunning, ContinuousClock.now - started < .seconds(120) else {
        fail("the server did not start; its log: \(serverLog.path)")
    }
    try await Task.sleep(for: .milliseconds(100))
}
note("server up after \(ContinuousClock.now - started) (rule loading included)")
let before = try scrape(port: settings.port, token: token)

let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let serverCPUBefore = cpuSeconds(of: server.processIdentifier)
let postgresCPUBefore = settings.database == "sqlite" ? 0 : postgresCPUSeconds()
let begin = ContinuousClock.now
let deadline = begin + .milliseconds(Int(settings.seconds * 1000))
let tallies = try await withThrowingTaskGroup(of: Tally.self) { tasks in
    for connection in 0..<settings.connections {
        tasks.addTask {
            try await drive(
                group: group, port: settings.port, token: token, bodies: bodies, eventsPerBody: eventsPerBody,
                first: connection * bodies.count / settings.connections, deadline: deadline,
                interval: settings.rate > 0
                    ? .microseconds(Int64(settings.batch) * Int64(settings.connections) * 1_000_000 / Int64(settings.rate))
                    : nil)
        }
    }
    var all: [Tally] = []
    for try await tally in tasks { all.append(tally) }
    return all
}
let sendingEnded = ContinuousClock.now
var after = try scrape(port: settings.port, token: token)
while (after.values["tocsin_events_pending"] ?? 0) > 0 {
    try await Task.sleep(for: .milliseconds(20))
    after = try scrape(port: settings.port, token: token)
}
let caughtUp = ContinuousClock.now
let serverCPU = cpuSeconds(of: server.processIdentifier) - serverCPUBefore
let postgresCPU = settings.database == "sqlite" ? 0 : postgresCPUSeconds() - postgresCPUBefore
let serverPeak = peakRSS(of: server.processIdentifier)
server.terminate()
server.waitUntilExit()
try await group.shutdownGracefully()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let acknowledged = tallies.reduce(0) { $0 + $1.events }
let matched = (after.values["tocsin_events_matched_total"] ?? 0) - (before.values["tocsin_events_matched_total"] ?? 0)
let alerts = (after.values["tocsin_alerts_total"] ?? 0) - (before.values["tocsin_alerts_total"] ?? 0)
/// What a histogram gained between two scrapes.
func difference(_ after: ScrapedHistogram, _ before: ScrapedHistogram) -> ScrapedHistogram {
    var result = ScrapedHistogram()
    result.count = after.count - before.count
    for (index, bucket) in after.buckets.enumerated() {
        let earlier = index < before.buckets.count ? before.buckets[index].count : 0
        result.buckets.append((bucket.bound, bucket.count - earlier))
    }
    return result
}
let latency = difference(after.latency, before.latency)
let ingestLatency = difference(after.ingest, before.ingest)
let sendSeconds = seconds(sendingEnded - begin)
let totalSeconds = seconds(caughtUp - begin)
func bound(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return value.isInfinite ? "> 10 s" : "≤ \(value) s"
}

print("database:            \(settings.database == "sqlite" ? "SQLite (embedded, WAL, synchronous=FULL)" : "PostgreSQL")")
print("rules:               Tocsin pack + \(settings.rules)")
print("connections × batch: \(settings.connections) × \(settings.batch) events")
print("offered load:        \(settings.rate > 0 ? "\(settings.rate) events/s" : "as fast as answered")")
print("requests:            \(tallies.reduce(0) { $0 + $1.requests }) (\(tallies.reduce(0) { $0 + $1.refused }) answered 429, \(tallies.reduce(0) { $0 + $1.failures }) failed)")
// Requests ingest held while detection was more than ingest.max_detection_delay behind: when many are, detection
// (its commits) sets the pace, not ingest.
let held = (after.values["tocsin_ingest_requests_held_total"] ?? 0) - (before.values["tocsin_ingest_requests_held_total"] ?? 0)
print("held for detection:  \(Int(held)) requests")
print("events acknowledged: \(acknowledged) in \(String(format: "%.2f", sendSeconds)) s sending")
print("events matched:      \(Int(matched)); alerts stored: \(Int(alerts))")
print("detection caught up: \(String(format: "%.2f", totalSeconds - sendSeconds)) s after sending stopped")
print("sustained:           \(Int(Double(acknowledged) / totalSeconds)) events/s (ingest + detection, to the last event matched)")
print("ingest alone:        \(Int(Double(acknowledged) / sendSeconds)) events/s acknowledged while sending")
print("alert latency:       p50 \(bound(latency.quantile(0.5))), p99 \(bound(latency.quantile(0.99))) over \(Int(latency.count)) alerts")
print("ingest request:      p50 \(bound(ingestLatency.quantile(0.5))), p99 \(bound(ingestLatency.quantile(0.99))) (arrival → acknowledgement)")
print("server peak RSS:     \(serverPeak / 1024) MB")
// Where the work is done: the server's CPU time, and PostgreSQL's when it runs on this machine (the store's share of
// the cost). Per event, it moves with a shared machine's speed much as throughput does.
let perThousand = { (cpu: Double) in String(format: "%.1f ms per 1,000 events", cpu * 1e6 / max(1, Double(acknowledged))) }
print("server CPU:          \(String(format: "%.1f", serverCPU)) s, \(perThousand(serverCPU))")
if settings.database != "sqlite" {
    print("PostgreSQL CPU:      \(String(format: "%.1f", postgresCPU)) s, \(perThousand(postgresCPU)) (its processes on this machine)")
}
