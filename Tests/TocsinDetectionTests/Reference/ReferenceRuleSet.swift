import Foundation
import TocsinDetection

/// Rules read from folders (SigmaHQ's, Tocsin's pack) and compiled with the built-in Windows pipeline.
struct ReferenceRuleSet {
    var engine: DetectionEngine
    var fileCount: Int
    /// Rule documents found (parsed + rejected by the parser).
    var documentCount: Int
    /// Documents the parser rejected, and files that could not be read.
    var parserRejected: Int
    var unreadableFiles: [String]

    /// Reads every rule file under `folders` (parsing on all cores) and compiles the rules in file order.
    ///
    /// Parsing and compiling run on threads of their own, not as tasks: tens of seconds of CPU-bound work on Swift's
    /// cooperative pool (as wide as the machine has cores) left every other test of the process without a thread,
    /// and their network timeouts fired as the pool came free.
    static func load(from folders: [URL], pipeline: Pipeline) async -> ReferenceRuleSet {
        let files = folders.flatMap { ReferenceData.ruleFiles(under: $0) }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let parts = await ReferenceData.onThreads(workers) { worker in
            var out: [(Int, [SigmaRule], Int, Bool)] = []
            var index = worker
            while index < files.count {
                let result = ReferenceData.parseRules(at: files[index])
                out.append((index, result.rules, result.rejected, result.unreadable))
                index += workers
            }
            return out
        }
        let parsed = parts.flatMap { $0 }.sorted { $0.0 < $1.0 }
        var rules: [SigmaRule] = []
        var rejected = 0
        var unreadable: [String] = []
        for (index, fileRules, fileRejected, isUnreadable) in parsed {
            rules += fileRules
            rejected += fileRejected
            if isUnreadable { unreadable.append(files[index].path) }
        }
        let compiled = rules
        let engine = await ReferenceData.onThreads(1) { _ in DetectionEngine(rules: compiled, pipeline: pipeline) }[0]
        return ReferenceRuleSet(
            engine: engine, fileCount: files.count,
            documentCount: rules.count + rejected, parserRejected: rejected, unreadableFiles: unreadable)
    }
}
