import ArgumentParser
import Foundation
import TocsinCore
import TocsinDetection

/// `tocsin hunt`: match event files against Sigma rules after the fact.
struct HuntCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hunt",
        abstract: "Match events in files against Sigma rules.",
        discussion: """
            Reads JSON events: .jsonl/.ndjson (one event per line), .json (one value, an array, or objects one \
            after another), each optionally gzip-compressed; folders are searched recursively and other files \
            skipped; - reads standard input.
            Rules: without --rules, Tocsin's own rule pack is used (shipped with Tocsin; rules/ in the source \
            tree). --rules PATH… replaces the pack; --rules PATH… --with-pack hunts with both. Correlation rules \
            load with the others: the matches they read are ordered by event time, and their alerts follow the \
            detections; --no-correlations reports every detection rule on its own instead.
            Exit status: 0 whether or not something was detected; 1 when --fail-level is reached; 2 for usage \
            errors and errors that stop the hunt (no rule loaded, an output file that cannot be created).
            """)

    @Argument(help: ArgumentHelp("Event files, folders, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var ruleOptions: RuleOptions

    @Option(help: "Output format: table (default on a terminal), jsonl (default otherwise) or csv.")
    var format: OutputFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write detections to this file.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Report only rules of this level or higher.", valueName: "level"))
    var minLevel: Level?

    @Option(help: ArgumentHelp("Exit with status 1 when a detection of this level or higher is found.", valueName: "level"))
    var failLevel: Level?

    @Flag(help: "Print rules loaded and rejected, events read, bad lines, wall time, events/s and MB/s on standard error.")
    var stats = false

    @Flag(help: "Ignore correlation rules: report every detection rule's matches on their own.")
    var noCorrelations = false

    @Option(help: ArgumentHelp("Open groups per correlation rule at most (the least active are dropped, and counted).", valueName: "n"))
    var correlationGroups = 100_000

    @Option(help: ArgumentHelp("Events per correlation window at most (the oldest are dropped, and counted).", valueName: "n"))
    var correlationWindowEvents = 100_000

    @Option(help: ArgumentHelp("Skip events longer than this many bytes (reported as bad input).", valueName: "bytes"))
    var maxEventBytes = 4 << 20

    @Option(help: ArgumentHelp("Threads matching events.", valueName: "n"))
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one event file, folder or - for standard input") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if correlationGroups < 1 { throw ValidationError("--correlation-groups must be at least 1") }
        if correlationWindowEvents < 1 { throw ValidationError("--correlation-window-events must be at least 1") }
        if maxEventBytes < 1024 { throw ValidationError("--max-event-bytes must be at least 1024") }
        // A mistyped path must not end in a quiet "No detections".
        let missing = paths.filter { $0 != "-" && !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            throw ValidationError("no such file or folder: \(missing.joined(separator: ", "))")
        }
    }

    func run() throws {
        let pipeline = try ruleOptions.loadPipeline()
        let ruleSet = RuleSetLoader.load(
            paths: try ruleOptions.rulePaths(), pipeline: pipeline, correlations: !noCorrelations)
        let errors = ruleSet.diagnostics.filter { $0.severity == .error }
        for diagnostic in errors.prefix(10) { printError(diagnostic.description) }
        if errors.count > 10 { printError("… \(errors.count - 10) more rule errors; run 'tocsin rules check' to see all") }
        if ruleSet.loadedCount == 0 {
            throw HuntError(message: "no rule loaded from \(ruleOptions.rules.joined(separator: " "))")
        }
        let toTerminal = output == nil && isTerminal(STDOUT_FILENO)
        var options = HuntOptions(
            inputs: paths, format: format ?? (toTerminal ? .table : .jsonl), outputPath: output,
            minimumLevel: minLevel, showStatistics: stats,
            showProgress: isTerminal(STDERR_FILENO)
                && InputFiles.totalSize(InputFiles.expand(paths).files) > 64 << 20,
            colour: toTerminal, maxRecordBytes: maxEventBytes, workers: threads)
        options.correlationLimits = CorrelationLimits(
            maxGroups: correlationGroups, maxEventsPerGroup: correlationWindowEvents, tolerance: .infinity)
        let runner = HuntRunner(
            engine: ruleSet.engine, correlations: ruleSet.correlations, options: options, diagnostics: printError)
        let summary = try runner.run()
        if stats {
            let megabytes = Double(summary.bytes) / 1e6
            let seconds = max(summary.seconds, 1e-9)
            printError(
                "rules: \(ruleSet.loadedCount) loaded, \(ruleSet.rejectedCount) rejected from \(ruleSet.fileCount) files "
                    + "in \(String(format: "%.2f", ruleSet.loadSeconds)) s")
            printError("engine: \(ruleSet.engine.statistics)")
            printError("events: \(summary.events) read from \(summary.files) files, \(summary.badRecords) bad lines")
            printError(
                "time: \(String(format: "%.3f", summary.seconds)) s, "
                    + "\(Int(Double(summary.events) / seconds)) events/s, "
                    + "\(String(format: "%.1f", megabytes / seconds)) MB/s (\(String(format: "%.1f", megabytes)) MB)")
            printError("detections: \(summary.detections) from \(summary.rulesFired.count) rules")
            if !ruleSet.correlations.correlations.isEmpty {
                let stats = summary.correlation
                var line = "correlations: \(ruleSet.correlations.correlations.count) rules, \(stats.alerts) alerts from "
                line += "\(stats.inputs) matches (\(summary.suppressed) reported only through correlations)"
                let cut = [
                    (stats.untimed, "without a timestamp"), (stats.late, "late"), (stats.forced, "released early"),
                    (stats.groupsDropped, "groups dropped"), (stats.eventsDropped, "window events dropped"),
                ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
                if !cut.isEmpty { line += "; " + cut.joined(separator: ", ") }
                printError(line)
            }
        }
        if let failLevel, let highest = summary.highestLevel, highest >= failLevel {
            throw ExitCode(1)
        }
    }
}
