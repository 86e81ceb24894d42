import ArgumentParser
import Foundation
import TocsinSimulation

/// `tocsin simulate`: write a provider estate's events, with an attack injected, for testing rules end to end.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a simulated estate's events with an attack scenario injected.",
        discussion: """
            Writes windows.jsonl (Sysmon and Security events in the evtx_dump layout), linux.jsonl (auditd and \
            syslog as flat JSON), firewall.jsonl (fw01's flows) and ground-truth.jsonl (for each attack event its \
            file, line, step, ATT&CK technique, host and timestamp) into the output folder. The same options and \
            seed give byte-identical files.
            Exit status: 0 on success; 2 for usage errors and output that cannot be written.
            """)

    @Option(help: ArgumentHelp("Windows and Linux hosts in the estate (16 to 50000).", valueName: "n"))
    var hosts = 200

    @Option(help: ArgumentHelp("Simulated time covered: 90s, 30m, 2h, 1h30m, 1d.", valueName: "duration"))
    var duration = "1h"

    @Option(help: ArgumentHelp("Events per second of simulated time across the estate.", valueName: "events"))
    var rate = 200

    @Option(help: ArgumentHelp("The first instant, ISO 8601 (default 2026-11-23T07:00:00Z).", valueName: "time"))
    var start: String?

    @Option(help: ArgumentHelp("The attack injected: ransomware or none.", valueName: "name"))
    var scenario = SimulationScenario.ransomware.rawValue

    @Option(help: ArgumentHelp("Seed of the random choices.", valueName: "n"))
    var seed = SimulationOptions.defaultSeed

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write the four files into (created if missing).", valueName: "dir"))
    var output: String

    /// The options as the library takes them; throws a `ValidationError` naming the flag and value.
    func simulationOptions() throws -> SimulationOptions {
        guard let seconds = SimulationDuration.parse(duration) else {
            throw ValidationError("--duration '\(duration)' is not a duration: write e.g. 90s, 30m, 2h or 1h30m")
        }
        guard let kind = SimulationScenario(rawValue: scenario) else {
            throw ValidationError("--scenario '\(scenario)' is unknown: give ransomware or none")
        }
        var startMilliseconds = SimulationOptions.defaultStartMilliseconds
        if let start {
            guard let parsed = SimulationStart.parse(start) else {
                throw ValidationError("--start '\(start)' is not an ISO 8601 time: write e.g. 2026-11-23T07:00:00Z")
            }
            startMilliseconds = parsed
        }
        let options = SimulationOptions(
            hosts: hosts, durationSeconds: seconds, rate: rate, startMilliseconds: startMilliseconds, scenario: kind,
            seed: seed)
        do {
            try options.validate()
        } catch {
            throw ValidationError(error.message)
        }
        return options
    }

    func validate() throws {
        _ = try simulationOptions()
    }

    func run() throws {
        let options = try simulationOptions()
        var sink = try DirectorySink(folder: output)
        let clock = ContinuousClock()
        var summary: SimulationSummary?
        let elapsed = try clock.measure {
            summary = try Simulator.run(options, into: &sink)
            try sink.finish()
        }
        guard let summary else { return }
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-9)
        let megabytes = Double(summary.bytes) / 1e6
        printError(
            "simulate: \(summary.events[.windows] ?? 0) windows, \(summary.events[.linux] ?? 0) linux, "
                + "\(summary.events[.firewall] ?? 0) firewall events (\(summary.attackEvents) attack) in "
                + String(format: "%.3f s, %.0f events/s, %.1f MB/s (%.1f MB) to %@", seconds,
                    Double(summary.totalEvents) / seconds, megabytes / seconds, megabytes, output))
    }
}
