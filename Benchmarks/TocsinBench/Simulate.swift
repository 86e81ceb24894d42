// The `simulate` section of tocsin-bench: `tocsin simulate` as a child process, files written to a folder.
import Foundation

/// Runs `tocsin simulate --hosts 500 --duration 1h --rate 3000` --runs times and prints the medians.
@MainActor
func simulate() {
    let arguments = ["--hosts", "500", "--duration", "1h", "--rate", "3000"]
    let folder = settings.simulateDir + "/tocsin-bench-simulate-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var runs: [ChildRun] = []
    var events = 0
    var bytes = 0
    for _ in 0..<settings.runs {
        try? FileManager.default.removeItem(atPath: folder)
        runs.append(runChild(executable, ["simulate"] + arguments + ["--output", folder]))
        // Counting 8 GB of lines here would take longer than writing them; the events are rate x duration (the
        // tests check it) and the sizes come from the file system.
        events = 3000 * 3600
        bytes = ["windows.jsonl", "linux.jsonl", "firewall.jsonl", "ground-truth.jsonl"].reduce(0) {
            $0 + ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + $1)[.size] as? Int) ?? 0)
        }
    }
    let wall = median(runs.map(\.seconds))
    let cpu = median(runs.map { $0.userSeconds + $0.systemSeconds })
    print("simulate \(arguments.joined(separator: " ")) into \(settings.simulateDir): \(events) events, "
        + String(format: "%.1f MB", Double(bytes) / 1e6))
    print(String(format: "  wall %.3f s median (runs: %@), includes process start and closing the files", wall,
        runs.map { String(format: "%.3f", $0.seconds) }.joined(separator: ", ")))
    print(String(format: "  %.0f events/s, %.1f MB/s written; CPU %.3f s (user %.3f, system %.3f); peak RSS %.1f MB",
        Double(events) / wall, Double(bytes) / 1e6 / wall, cpu, median(runs.map(\.userSeconds)),
        median(runs.map(\.systemSeconds)), Double(runs.map(\.peakRSSKiB).max() ?? 0) / 1024))
    if let last = runs.last {
        for line in last.statistics.split(separator: "\n") { print("  | \(line)") }
    }
    print("")
}
