import Dispatch
import Foundation
import TocsinCore
import TocsinDetection

/// The rules read from files, with every diagnostic, before and after compiling.
public struct LoadedRuleSet: Sendable {
    public var engine: DetectionEngine
    /// The correlation rules that loaded, resolved against the detection rules.
    public var correlations: CorrelationSet
    /// Rule documents found (loaded + rejected), correlation documents included.
    public var documentCount: Int
    public var loadedCount: Int { engine.rules.count + correlations.correlations.count }
    public var rejectedCount: Int { documentCount - loadedCount }
    /// Parse and compile diagnostics, sorted by file and line.
    public var diagnostics: [Diagnostic]
    public var fileCount: Int
    /// Seconds spent reading, parsing and compiling.
    public var loadSeconds: Double
}

/// Reads rule files and folders and compiles them into a detection engine.
public enum RuleSetLoader {
    /// The rule files under `paths` (folders recursively; `.yml` and `.yaml`), sorted, and the paths that failed.
    static func ruleFiles(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        var files: [String] = []
        var problems: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(.error, code: "T001", "no such file or folder", at: SourceLocation(file: path)))
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let relative as String in walker {
                let lower = relative.lowercased()
                if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
                    found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
                }
            }
            files += found.sorted()
        }
        return (files, problems)
    }

    /// Loads rules from files and folders and compiles them with `pipeline`.
    ///
    /// With `correlations` false, correlation documents are read (and their errors reported) but left out: the set
    /// counts only detection rules, and no field is captured for correlations.
    public static func load(paths: [String], pipeline: Pipeline, correlations useCorrelations: Bool = true)
        -> LoadedRuleSet
    {
        let started = DispatchTime.now()
        let (files, problems) = ruleFiles(paths)
        let results = parseInParallel(files)
        var rules: [SigmaRule] = []
        var correlationRules: [CorrelationRule] = []
        var diagnostics = problems
        var documents = 0
        var seen: [String: SourceLocation] = [:]
        for result in results {
            diagnostics += result.diagnostics
            documents += result.rules.count + result.rejected
            if useCorrelations {
                documents += result.correlations.count
                correlationRules += result.correlations
            }
            for rule in result.rules {
                if let first = seen[rule.id] {
                    diagnostics.append(
                        Diagnostic(
                            .warning, code: "T113", "rule id is also used by \(first); both load",
                            at: rule.location, ruleID: rule.id))
                } else {
                    seen[rule.id] = rule.location
                }
                rules.append(rule)
            }
        }
        let correlations = CorrelationSet(correlations: correlationRules, rules: rules)
        let engine = DetectionEngine(rules: rules, pipeline: pipeline, captureFields: correlations.captureFields)
        diagnostics += engine.diagnostics + correlations.diagnostics
        diagnostics.sort { lhs, rhs in
            let left = lhs.location ?? SourceLocation(file: "")
            let right = rhs.location ?? SourceLocation(file: "")
            return (left.file, left.line, left.column) < (right.file, right.line, right.column)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return LoadedRuleSet(
            engine: engine, correlations: correlations, documentCount: documents, diagnostics: diagnostics, fileCount: files.count,
            loadSeconds: seconds)
    }

    /// Parses files on all cores; results come back in file order.
    static func parseInParallel(_ files: [String]) -> [RuleParser.Result] {
        let results = ResultSlots<RuleParser.Result>(count: files.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < files.count {
                results.set(index, parseFile(files[index]))
                index += workers
            }
        }
        return results.values()
    }

    static func parseFile(_ path: String) -> RuleParser.Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            var result = RuleParser.Result()
            result.diagnostics.append(Diagnostic(.error, code: "T002", "cannot read the file", at: SourceLocation(file: path)))
            result.rejected = 1
            return result
        }
        guard let text = String(data: data, encoding: .utf8) else {
            var result = RuleParser.Result()
            result.diagnostics.append(
                Diagnostic(.error, code: "T003", "the file is not UTF-8 text", at: SourceLocation(file: path)))
            result.rejected = 1
            return result
        }
        return RuleParser.parse(text, path: path)
    }
}

/// Fixed slots written by concurrent workers, each index by exactly one worker.
///
/// `@unchecked Sendable`: every index is written by one worker only, and read after `concurrentPerform` returns,
/// which orders the writes before the reads.
final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    func values() -> [Value] { (0..<count).compactMap { storage[$0] } }
}
