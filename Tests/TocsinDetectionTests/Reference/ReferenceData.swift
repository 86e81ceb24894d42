import Foundation
import Synchronization
import Testing
import TocsinDetection

/// Where the shared test data lives, and whether the data-dependent tests may run.
///
/// The data sits next to the repository (`<repo>/../shared/data`), found from this file's own path so the tests do
/// not depend on the working directory. Without it the tests are skipped with a notice, except under CI
/// (`CI=true`), where missing data is a failure.
enum ReferenceData {
    /// `<repo>/../shared/data`, whether or not it exists.
    static let root: URL = repository.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)

    /// Tocsin's own rule pack, in the source tree.
    static let pack: URL = repository.appendingPathComponent("Sources/TocsinCommands/Resources/rules", isDirectory: true)

    /// `<repo>`.
    private static let repository: URL =
        // <repo>/Tests/TocsinDetectionTests/Reference/ReferenceData.swift
        URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    /// Whether a test needing `relative` (under the data root) runs: when the data is there, or always under CI
    /// (the test then fails on the missing data). Prints a notice when it is skipped.
    static func shouldRun(needing relative: String, test: String) -> Bool {
        if exists(relative) { return true }
        if isCI { return true }
        print(
            "notice: \(test) skipped: \(root.appendingPathComponent(relative).path) is missing (set CI=true to "
                + "make missing data a failure)")
        return false
    }

    /// The URL of `relative`, recording a failure when it is missing (reached only when it runs under CI).
    static func require(_ relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> URL? {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                "test data missing: \(url.path) (CI=true makes this a failure)", sourceLocation: sourceLocation)
            return nil
        }
        return url
    }

    /// The built-in Windows pipeline, recording a failure when it cannot be loaded.
    static func pipeline(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Pipeline? {
        do {
            return try Pipeline.builtinWindows()
        } catch {
            Issue.record("cannot load the built-in Windows pipeline: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Runs `work(0)` … `work(count - 1)` on `count` threads of their own and returns their results in that order.
    ///
    /// For CPU-bound test work that would otherwise hold Swift's cooperative pool (one thread per core) for seconds
    /// and starve every other test running in the same process.
    static func onThreads<T: Sendable>(_ count: Int, _ work: @escaping @Sendable (Int) -> T) async -> [T] {
        await withCheckedContinuation { (continuation: CheckedContinuation<[T], Never>) in
            let results = Mutex<[Int: T]>([:])
            for index in 0..<count {
                Thread {
                    let value = work(index)
                    let all: [T]? = results.withLock { done in
                        done[index] = value
                        return done.count == count ? (0..<count).map { done[$0]! } : nil
                    }
                    if let all { continuation.resume(returning: all) }
                }.start()
            }
        }
    }

    /// The `.yml`/`.yaml` files under `folder`, recursively, sorted by path.
    static func ruleFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        for case let relative as String in walker {
            let lower = relative.lowercased()
            if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") { found.append(relative) }
        }
        return found.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The rules of one file and the number of documents rejected while parsing.
    static func parseRules(at url: URL) -> (rules: [SigmaRule], rejected: Int, unreadable: Bool) {
        guard let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else { return ([], 0, true) }
        let result = RuleParser.parse(text, path: url.path)
        return (result.rules, result.rejected, false)
    }

    /// The non-blank lines of a JSON Lines file as byte ranges, with their 1-based line numbers.
    static func lines(of data: [UInt8]) -> [(line: Int, range: Range<Int>)] {
        var result: [(line: Int, range: Range<Int>)] = []
        var start = 0
        var number = 1
        func finish(_ end: Int) {
            var stop = end
            if stop > start, data[stop - 1] == 0x0D { stop -= 1 }
            let isBlank = data[start..<stop].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if !isBlank { result.append((number, start..<stop)) }
        }
        for index in data.indices where data[index] == 0x0A {
            finish(index)
            start = index + 1
            number += 1
        }
        if start < data.count { finish(data.count) }
        return result
    }
}
