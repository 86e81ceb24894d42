import Foundation
import Testing
import TocsinCore
import TocsinDetection

@testable import TocsinCommands

/// A folder under the system's temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tocsin-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `bytes` to `name` (sub-folders created) and returns the file's path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Writes `text` as UTF-8 to `name` and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Compresses `bytes` with `/bin/gzip` into `name` and returns the file's path.
    @discardableResult
    func writeGzip(_ name: String, bytes: [UInt8]) throws -> String {
        try write(name, bytes: try gzip(bytes))
    }

    /// Compresses `text` with `/bin/gzip` into `name` and returns the file's path.
    @discardableResult
    func writeGzip(_ name: String, _ text: String) throws -> String {
        try writeGzip(name, bytes: Array(text.utf8))
    }
}

/// `bytes` compressed by `/bin/gzip -c`.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let folder = try TemporaryFolder()
    let input = try folder.write("input", bytes: bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n", input]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return Array(data)
}

/// The root of the package, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The sample events shipped with the package.
let sampleEvents = packageRoot + "/samples/events.jsonl"

/// Tocsin's rule pack as installed with the package, found the way the command line finds it.
func packRules() throws -> String {
    try #require(try RuleOptions.parse([]).rulePaths().first)
}

/// A rule on flat events (`{"CommandLine": …, "host": …, "timestamp": …}`) that detects a command line.
func flatRule(id: String, title: String, level: String, contains: String) -> String {
    """
    title: \(title)
    id: \(id)
    status: test
    logsource:
        product: tocsintest
    detection:
        selection:
            CommandLine|contains: '\(contains)'
        condition: selection
    level: \(level)

    """
}

/// Rule ids used by the tests.
enum TestRule {
    static let evil = "00000000-0000-4000-8000-000000000001"
    static let odd = "00000000-0000-4000-8000-000000000002"
}

/// Writes the test rules to `folder/rules`: "evil" (high) and "odd" (low); returns the rules folder.
func writeTestRules(in folder: TemporaryFolder) throws -> String {
    try folder.write(
        "rules/evil.yml", flatRule(id: TestRule.evil, title: "Evil Command", level: "high", contains: "evil"))
    try folder.write(
        "rules/odd.yml", flatRule(id: TestRule.odd, title: "Odd, \"Quoted\" Command", level: "low", contains: "odd"))
    return folder.path + "/rules"
}

/// One flat event on one line.
func flatEvent(_ commandLine: String, host: String = "WS1", time: String = "2026-01-02T03:04:05Z") -> String {
    #"{"timestamp":"\#(time)","host":"\#(host)","CommandLine":"\#(commandLine)"}"#
}

/// What a hunt wrote and reported.
struct HuntResult {
    var output: String
    var diagnostics: [String]
    var summary: HuntSummary

    /// The JSONL output, one dictionary per detection.
    var records: [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// `line` of each detection, in output order.
    var lines: [Int] { records.compactMap { $0["line"] as? Int } }

    /// `rule_id` of each detection, in output order.
    var ruleIDs: [String] { records.compactMap { $0["rule_id"] as? String } }
}

/// Collects the lines a runner reports for standard error.
final class LineCollector {
    var lines: [String] = []
}

/// Runs a hunt through the library with output to a temporary file.
func hunt(
    _ inputs: [String], rules: [String], format: OutputFormat = .jsonl, minimumLevel: Level? = nil,
    maxRecordBytes: Int = 4 << 20, workers: Int = 2
) throws -> HuntResult {
    let ruleSet = RuleSetLoader.load(paths: rules, pipeline: try Pipeline.builtinWindows())
    let rejections = ruleSet.diagnostics.filter { $0.severity == .error }
    #expect(rejections.isEmpty, "\(rejections)")
    return try hunt(
        inputs, ruleSet: ruleSet, format: format, minimumLevel: minimumLevel, maxRecordBytes: maxRecordBytes,
        workers: workers)
}

/// Runs a hunt with rules already loaded, output to a temporary file.
func hunt(
    _ inputs: [String], ruleSet: LoadedRuleSet, format: OutputFormat = .jsonl, minimumLevel: Level? = nil,
    maxRecordBytes: Int = 4 << 20, workers: Int = 2
) throws -> HuntResult {
    let folder = try TemporaryFolder()
    let outputPath = folder.path + "/detections.out"
    let options = HuntOptions(
        inputs: inputs, format: format, outputPath: outputPath, minimumLevel: minimumLevel,
        maxRecordBytes: maxRecordBytes, workers: workers)
    let collector = LineCollector()
    let runner = HuntRunner(
        engine: ruleSet.engine, correlations: ruleSet.correlations, options: options,
        diagnostics: { collector.lines.append($0) })
    let summary = try runner.run()
    let output = try String(contentsOfFile: outputPath, encoding: .utf8)
    return HuntResult(output: output, diagnostics: collector.lines, summary: summary)
}
