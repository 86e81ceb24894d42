// tocsin-bench: the detection engine's speed and memory, measured end to end.
//
// Measures, on this machine, with a release build:
//   1. loading and compiling a rule set (in process, median of --runs);
//   2. `tocsin hunt` over the event set, as a child process (wall time, events/s, MB/s, peak RSS), median of --runs;
//   3. the same over an input --scale times larger, made by repeating the event set into one JSONL file;
//   4. correlations on and off, side by side in one run: the larger input hunted with --rules plus
//      --correlation-rules (Tocsin's pack by default), with and without `--no-correlations`, runs interleaved;
//   5. `tocsin simulate --hosts 500 --duration 1h --rate 3000` as a child process writing into --simulate-dir
//      (events/s and MB/s of files written, wall and CPU time), median of --runs;
//   6. in process on one thread: ingest's validation of bulk bodies (split into lines, each line checked as one
//      JSON object of valid UTF-8), MB/s and events/s; alone with --only ingest.
//
// Usage: tocsin-bench [--events DIR] [--rules DIR] [--load-rules DIR] [--correlation-rules DIR] [--scale N]
//                     [--runs N] [--threads N] [--only hunt|simulate|ingest] [--simulate-dir DIR]
// Defaults: ../shared/data/events, ../shared/data/sigma/rules/windows, ../shared/data/sigma,
//           Sources/TocsinCommands/Resources/rules, 10, 3, all cores, both, /dev/shm when it exists (memory: the
//           simulator's speed, not the disk's), otherwise the temporary folder.
import Foundation
import TocsinCommands
import TocsinDetection

#if canImport(Glibc)
    import Glibc
#endif

struct Settings {
    var events = "../shared/data/events"
    var rules = "../shared/data/sigma/rules/windows"
    var loadRules = "../shared/data/sigma"
    var correlationRules = "Sources/TocsinCommands/Resources/rules"
    var scale = 10
    var runs = 3
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var only: String?
    var simulateDir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--events": events = value()
            case "--rules": rules = value()
            case "--load-rules": loadRules = value()
            case "--correlation-rules": correlationRules = value()
            case "--scale": scale = Int(value()) ?? scale
            case "--runs": runs = max(1, Int(value()) ?? runs)
            case "--threads": threads = Int(value()) ?? threads
            case "--only": only = value()
            case "--simulate-dir": simulateDir = value()
            case "-h", "--help":
                print(
                    "usage: tocsin-bench [--events DIR] [--rules DIR] [--load-rules DIR] [--correlation-rules DIR] "
                        + "[--scale N] [--runs N] [--threads N] [--only hunt|simulate|ingest] [--simulate-dir DIR]")
                exit(0)
            default: fail("unknown argument \(arguments[index])")
            }
            index += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tocsin-bench: \(message)\n".utf8))
    exit(2)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// What one child run of `tocsin hunt` took.
struct ChildRun {
    var seconds: Double
    var peakRSSKiB: Int
    var statistics: String
    var userSeconds: Double = 0
    var systemSeconds: Double = 0
}

/// Runs `tocsin` with `arguments`, measuring wall time and the child's peak resident set size.
func runChild(_ executable: String, _ arguments: [String]) -> ChildRun {
    let statsPath = NSTemporaryDirectory() + "tocsin-bench-\(getpid()).stats"
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, statsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let started = DispatchTime.now().uptimeNanoseconds
    let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard status == 0 else { fail("cannot start \(executable): \(String(cString: strerror(status)))") }
    var usage = rusage()
    var exitStatus: Int32 = 0
    _ = wait4(pid, &exitStatus, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    posix_spawn_file_actions_destroy(&actions)
    let statistics = (try? String(contentsOfFile: statsPath, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: statsPath)
    if exitStatus != 0 { fail("tocsin exited with status \(exitStatus):\n\(statistics)") }
    return ChildRun(
        seconds: seconds, peakRSSKiB: Int(usage.ru_maxrss), statistics: statistics,
        userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
        systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
}

/// Event files under `folder`, sorted, and their total size.
func eventFiles(_ folder: String) -> (files: [String], bytes: Int) {
    var files: [String] = []
    var bytes = 0
    guard let walker = FileManager.default.enumerator(atPath: folder) else { fail("cannot read \(folder)") }
    for case let relative as String in walker where relative.hasSuffix(".jsonl") {
        let path = folder + "/" + relative
        files.append(path)
        bytes += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
    return (files.sorted(), bytes)
}

/// Writes the events of `files` `times` times into one JSONL file.
func repeatedInput(_ files: [String], times: Int, to path: String) -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil),
        let handle = FileHandle(forWritingAtPath: path) else { fail("cannot write \(path)") }
    defer { try? handle.close() }
    var total = 0
    for _ in 0..<times {
        for file in files {
            guard var data = FileManager.default.contents(atPath: file) else { continue }
            if data.last != 0x0A { data.append(0x0A) }
            handle.write(data)
            total += data.count
        }
    }
    return total
}

func countLines(_ files: [String]) -> Int {
    var lines = 0
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        lines += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
    return lines
}

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("tocsin").path
guard FileManager.default.isExecutableFile(atPath: executable) else {
    fail("\(executable) not found: build it first (swift build -c release)")
}

var cpu = "unknown CPU"
if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") })
{
    cpu = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? cpu
}
let date = ISO8601DateFormatter().string(from: Date())
print("tocsin-bench \(date)")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), "
    + "\(ProcessInfo.processInfo.physicalMemory >> 30) GiB")
print("threads: \(settings.threads), runs: \(settings.runs) (medians reported)")
print("")

if settings.only == "simulate" {
    simulate()
    exit(0)
}
if settings.only == "ingest" {
    ingestValidation()
    exit(0)
}

// 1. Loading and compiling rules.
let pipeline: Pipeline
do { pipeline = try Pipeline.builtinWindows() } catch { fail("\(error)") }
var loadTimes: [Double] = []
var loadedSummary = ""
for _ in 0..<settings.runs {
    let set = RuleSetLoader.load(paths: [settings.loadRules], pipeline: pipeline)
    loadTimes.append(set.loadSeconds)
    loadedSummary = "\(set.documentCount) rules: \(set.loadedCount) loaded, \(set.rejectedCount) rejected"
    if set.loadedCount == 0 { fail("no rule loaded from \(settings.loadRules)") }
}
print("rule load+compile  \(settings.loadRules): \(loadedSummary)")
print(String(format: "  %.3f s median (runs: %@)", median(loadTimes),
    loadTimes.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
print("")

// 2. and 3. End-to-end hunts.
let (files, bytes) = eventFiles(settings.events)
guard !files.isEmpty else { fail("no .jsonl files under \(settings.events)") }
let events = countLines(files)
let scaledPath = NSTemporaryDirectory() + "tocsin-bench-\(getpid())-x\(settings.scale).jsonl"
defer { try? FileManager.default.removeItem(atPath: scaledPath) }

func huntArguments(_ inputs: [String], rules: [String], extra: [String] = []) -> [String] {
    ["hunt"] + inputs + ["--rules"] + rules + ["--format", "jsonl", "--stats", "--threads", String(settings.threads)]
        + extra
}

/// The events/s figure of a run's `time:` statistics line (reading, matching and output, without rule loading).
func matchingRate(_ run: ChildRun) -> Double {
    for line in run.statistics.split(separator: "\n") where line.hasPrefix("time: ") {
        let parts = line.split(separator: " ")
        if parts.count > 3, let rate = Double(parts[3]) { return rate }
    }
    return 0
}

func hunt(_ label: String, inputs: [String], events: Int, bytes: Int) {
    var runs: [ChildRun] = []
    for _ in 0..<settings.runs {
        runs.append(runChild(executable, huntArguments(inputs, rules: [settings.rules])))
    }
    let wall = median(runs.map(\.seconds))
    let rss = runs.map(\.peakRSSKiB).max() ?? 0
    print("hunt \(label): \(events) events, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, rules \(settings.rules)")
    print(String(format: "  wall %.3f s median (runs: %@), includes rule loading", wall,
        runs.map { String(format: "%.3f", $0.seconds) }.joined(separator: ", ")))
    print(String(format: "  %.0f events/s, %.1f MB/s end to end; peak RSS %.1f MB", Double(events) / wall,
        Double(bytes) / 1e6 / wall, Double(rss) / 1024))
    print(String(format: "  %.0f events/s without rule loading (median of the runs' own figure)",
        median(runs.map(matchingRate))))
    if let last = runs.last {
        for line in last.statistics.split(separator: "\n") { print("  | \(line)") }
    }
    print("")
}

hunt("x1 (\(files.count) files)", inputs: [settings.events], events: events, bytes: bytes)
if settings.scale > 1 {
    let scaledBytes = repeatedInput(files, times: settings.scale, to: scaledPath)
    hunt("x\(settings.scale) (one file)", inputs: [scaledPath], events: events * settings.scale, bytes: scaledBytes)
}

// 4. Correlations on and off, interleaved so that both see the same machine.
if settings.scale > 1 && FileManager.default.fileExists(atPath: settings.correlationRules) {
    var on: [ChildRun] = []
    var off: [ChildRun] = []
    let rules = [settings.rules, settings.correlationRules]
    for _ in 0..<settings.runs {
        off.append(runChild(executable, huntArguments([scaledPath], rules: rules, extra: ["--no-correlations"])))
        on.append(runChild(executable, huntArguments([scaledPath], rules: rules)))
    }
    let rateOn = median(on.map(matchingRate))
    let rateOff = median(off.map(matchingRate))
    print("correlations, x\(settings.scale): rules \(rules.joined(separator: " + "))")
    print(String(format: "  without correlations %.0f events/s; with %.0f events/s: %.1f %% of the rate", rateOff, rateOn,
        rateOff > 0 ? 100 * rateOn / rateOff : 0))
    if let last = on.last {
        for line in last.statistics.split(separator: "\n") { print("  | \(line)") }
    }
}

if settings.only != "hunt" { simulate() }
if settings.only == nil { ingestValidation() }
