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
            are not supported yet: a note says the pack's correlation documents were skipped; its other rules \
            load.
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

    @Option(help: ArgumentHelp("Skip events longer than this many bytes (reported as bad input).", valueName: "bytes"))
    var maxEventBytes = 4 << 20

    @Option(help: ArgumentHelp("Threads matching events.", valueName: "n"))
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one event file, folder or - for standard input") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxEventBytes < 1024 { throw ValidationError("--max-event-bytes must be at least 1024") }
        // A mistyped path must not end in a quiet "No detections".
        let missing = paths.filter { $0 != "-" && !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            throw ValidationError("no such file or folder: \(missing.joined(separator: ", "))")
        }
    }

    func run() throws {
        let pipeline = try ruleOptions.loadPipeline()
        let ruleSet = RuleSetLoader.load(paths: try ruleOptions.rulePaths(), pipeline: pipeline)
        let allErrors = ruleSet.diagnostics.filter { $0.severity == .error }
        let (packCorrelations, errors) = Self.splitPackCorrelations(allErrors)
        if packCorrelations > 0 {
            printError(
                "note: \(packCorrelations) correlation rules of Tocsin's rule pack skipped (not supported yet); "
                    + "its other rules loaded")
        }
        for diagnostic in errors.prefix(10) { printError(diagnostic.description) }
        if errors.count > 10 { printError("… \(errors.count - 10) more rule errors; run 'tocsin rules check' to see all") }
        if ruleSet.loadedCount == 0 {
            throw HuntError(message: "no rule loaded from \(ruleOptions.rules.joined(separator: " "))")
        }
        let toTerminal = output == nil && isTerminal(STDOUT_FILENO)
        let options = HuntOptions(
            inputs: paths, format: format ?? (toTerminal ? .table : .jsonl), outputPath: output,
            minimumLevel: minLevel, showStatistics: stats,
            showProgress: isTerminal(STDERR_FILENO)
                && InputFiles.totalSize(InputFiles.expand(paths).files) > 64 << 20,
            colour: toTerminal, maxRecordBytes: maxEventBytes, workers: threads)
        let runner = HuntRunner(engine: ruleSet.engine, options: options, diagnostics: printError)
        let summary = try runner.run()
        if stats {
            let megabytes = Double(summary.bytes) / 1e6
            let seconds = max(summary.seconds, 1e-9)
            printError(
                "rules: \(ruleSet.loadedCount) loaded, \(ruleSet.rejectedCount) rejected from \(ruleSet.fileCount) files "
                    + "in \(String(format: "%.2f", ruleSet.loadSeconds)) s")
            printError("events: \(summary.events) read from \(summary.files) files, \(summary.badRecords) bad lines")
            printError(
                "time: \(String(format: "%.3f", summary.seconds)) s, "
                    + "\(Int(Double(summary.events) / seconds)) events/s, "
                    + "\(String(format: "%.1f", megabytes / seconds)) MB/s (\(String(format: "%.1f", megabytes)) MB)")
            printError("detections: \(summary.detections) from \(summary.rulesFired.count) rules")
        }
        if let failLevel, let highest = summary.highestLevel, highest >= failLevel {
            throw ExitCode(1)
        }
    }

    /// The number of "correlation not supported" rejections located in the installed pack, and the other errors.
    ///
    /// A plain `tocsin hunt` should not open with a screen of errors about rules the user never wrote; `rules
    /// check` still lists each one.
    static func splitPackCorrelations(_ errors: [Diagnostic]) -> (count: Int, others: [Diagnostic]) {
        guard let pack = RulePack.path else { return (0, errors) }
        let folder = pack.hasSuffix("/") ? pack : pack + "/"
        let isPackCorrelation = { (diagnostic: Diagnostic) -> Bool in
            diagnostic.code == "T107" && diagnostic.message.contains("correlation")
                && (diagnostic.location?.file.hasPrefix(folder) ?? false)
        }
        let others = errors.filter { !isPackCorrelation($0) }
        return (errors.count - others.count, others)
    }
}
