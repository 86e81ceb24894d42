import Foundation
import TocsinDetection

/// SigmaHQ rules read from a folder and compiled with the built-in Windows pipeline.
struct ReferenceRuleSet {
    var engine: DetectionEngine
    var fileCount: Int
    /// Rule documents found (parsed + rejected by the parser).
    var documentCount: Int
    /// Documents the parser rejected, and files that could not be read.
    var parserRejected: Int
    var unreadableFiles: [String]

    /// Reads every rule file under `folder` (parsing on all cores) and compiles the rules in file order.
    static func load(from folder: URL, pipeline: Pipeline) async -> ReferenceRuleSet {
        let files = ReferenceData.ruleFiles(under: folder)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let parsed = await withTaskGroup(of: [(Int, [SigmaRule], Int, Bool)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var out: [(Int, [SigmaRule], Int, Bool)] = []
                    var index = worker
                    while index < files.count {
                        let result = ReferenceData.parseRules(at: files[index])
                        out.append((index, result.rules, result.rejected, result.unreadable))
                        index += workers
                    }
                    return out
                }
            }
            var all: [(Int, [SigmaRule], Int, Bool)] = []
            for await part in group { all += part }
            return all.sorted { $0.0 < $1.0 }
        }
        var rules: [SigmaRule] = []
        var rejected = 0
        var unreadable: [String] = []
        for (index, fileRules, fileRejected, isUnreadable) in parsed {
            rules += fileRules
            rejected += fileRejected
            if isUnreadable { unreadable.append(files[index].path) }
        }
        return ReferenceRuleSet(
            engine: DetectionEngine(rules: rules, pipeline: pipeline), fileCount: files.count,
            documentCount: rules.count + rejected, parserRejected: rejected, unreadableFiles: unreadable)
    }
}
