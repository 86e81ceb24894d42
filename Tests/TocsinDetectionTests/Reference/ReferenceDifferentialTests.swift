import Foundation
import Testing
import TocsinDetection

/// The fast engine (byte scanner, routing, literal pre-filter) against the plain reference evaluator, on every
/// SigmaHQ rule and rule of Tocsin's pack and every event of the shared event set: both must fire exactly the same
/// rules on every event.
@Suite("Reference: fast engine vs. plain evaluator")
struct ReferenceDifferentialTests {
    /// What one event file gave.
    struct FileOutcome: Sendable {
        var file: String
        var events = 0
        var fastDetections = 0
        var referenceDetections = 0
        var mismatches: [String] = []
        var unreadable: [String] = []
        /// Time spent in each evaluator (the reference includes JSONSerialization).
        var fastTime = Duration.zero
        var referenceTime = Duration.zero
    }

    @Test(
        "SigmaHQ's rules and Tocsin's pack on shared/data/events: same rules per event",
        .enabled(if: ReferenceData.shouldRun(needing: "events", test: "ReferenceDifferentialTests")))
    func fastEngineAgreesWithReference() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        guard let eventsFolder = ReferenceData.require("events"),
            let rulesFolder = ReferenceData.require("sigma/rules"),
            let pipeline = ReferenceData.pipeline()
        else { return }

        let ruleSet = await ReferenceRuleSet.load(from: [rulesFolder, ReferenceData.pack], pipeline: pipeline)
        let engine = ruleSet.engine
        let reference = ReferenceEvaluator(engine: engine, pipeline: pipeline)
        let loaded = clock.now
        #expect(ruleSet.unreadableFiles.isEmpty, "unreadable rule files: \(ruleSet.unreadableFiles)")
        #expect(engine.rules.count > 0, "no rule compiled from \(rulesFolder.path)")
        #expect(reference.unresolvedCount == 0, "variants whose pipeline guard the reference cannot tell")

        let files = Self.eventFiles(under: eventsFolder)
        #expect(!files.isEmpty, "no .jsonl file under \(eventsFolder.path)")
        // Two threads of their own, not tasks: hundreds of half-second comparisons queued on Swift's cooperative
        // pool would keep every other test (and their network timeouts) waiting until they are all done.
        let outcomes = await withCheckedContinuation { (continuation: CheckedContinuation<[FileOutcome], Never>) in
            let work = SharedWork(files: files)
            for _ in 0..<2 {
                Thread {
                    while let file = work.next() {
                        work.add(Self.compare(file: file, root: eventsFolder, engine: engine, reference: reference))
                    }
                    if let all = work.finishWorker(of: 2) { continuation.resume(returning: all.sorted { $0.file < $1.file }) }
                }.start()
            }
        }

        let events = outcomes.reduce(0) { $0 + $1.events }
        let fast = outcomes.reduce(0) { $0 + $1.fastDetections }
        let referenceCount = outcomes.reduce(0) { $0 + $1.referenceDetections }
        let mismatches = outcomes.flatMap(\.mismatches)
        let unreadable = outcomes.flatMap(\.unreadable)
        let fastTime = outcomes.reduce(Duration.zero) { $0 + $1.fastTime }
        let referenceTime = outcomes.reduce(Duration.zero) { $0 + $1.referenceTime }
        let finished = clock.now
        print(
            "ReferenceDifferentialTests: \(files.count) files, \(events) events, \(engine.rules.count) rules "
                + "(\(engine.variants.count) variants, \(ruleSet.fileCount) rule files, \(ruleSet.documentCount) "
                + "documents, \(ruleSet.parserRejected) rejected by the parser, \(engine.rejectedCount) by the "
                + "compiler; \(reference.narrowedCount) compiled guards narrower than the pipeline's, "
                + "\(reference.unresolvedCount) unresolved), "
                + "detections: fast \(fast), reference \(referenceCount); \(mismatches.count) events "
                + "differ; rules loaded in \(loaded - started), events compared in \(finished - loaded) "
                + "(fast engine \(fastTime), reference \(referenceTime), summed over tasks)")

        #expect(unreadable.count == 0, "events not readable:\n\(unreadable.prefix(20).joined(separator: "\n"))")
        #expect(
            mismatches.count == 0,
            """
            \(mismatches.count) of \(events) events differ between the fast engine and the reference \
            (\(engine.rules.count) rules; detections fast \(fast), reference \(referenceCount)); first 20:
            \(mismatches.prefix(20).joined(separator: "\n"))
            """)
        #expect(fast == referenceCount)

        // Every event of the set was compared: counts per file as listed by the data's manifest.
        if let manifest = Self.manifestCounts(eventsFolder) {
            let seen = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.file, $0.events) })
            #expect(seen == manifest, "events per file differ from events/MANIFEST.tsv")
        } else {
            Issue.record("events/MANIFEST.tsv is missing or unreadable: cannot check that every event was compared")
        }
    }

    /// Runs one file through both evaluators.
    static func compare(file: String, root: URL, engine: DetectionEngine, reference: ReferenceEvaluator)
        -> FileOutcome
    {
        var outcome = FileOutcome(file: file)
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else {
            outcome.unreadable.append("\(file): cannot read the file")
            return outcome
        }
        let bytes = [UInt8](data)
        let worker = engine.makeWorker()
        let clock = ContinuousClock()
        var fast: [Int] = []
        for (line, range) in ReferenceData.lines(of: bytes) {
            outcome.events += 1
            fast.removeAll(keepingCapacity: true)
            var fastError: String?
            let fastStart = clock.now
            bytes.withUnsafeBufferPointer { buffer in
                do {
                    try worker.match(UnsafeBufferPointer(rebasing: buffer[range]), into: &fast)
                } catch {
                    fastError = "\(error)"
                }
            }
            let referenceStart = clock.now
            outcome.fastTime += referenceStart - fastStart
            let expected: [Int]
            do {
                expected = reference.match(try ReferenceJSON.parse(bytes[range]))
                outcome.referenceTime += clock.now - referenceStart
            } catch {
                outcome.unreadable.append("\(file):\(line): reference: \(error)")
                continue
            }
            if let fastError {
                outcome.unreadable.append("\(file):\(line): fast engine: \(fastError)")
                continue
            }
            outcome.fastDetections += fast.count
            outcome.referenceDetections += expected.count
            if fast != expected {
                let fastOnly = fast.filter { !expected.contains($0) }
                let referenceOnly = expected.filter { !fast.contains($0) }
                var text = "\(file):\(line):"
                if !fastOnly.isEmpty { text += " fast only \(describe(fastOnly, engine))" }
                if !referenceOnly.isEmpty { text += " reference only \(describe(referenceOnly, engine))" }
                if fastOnly.isEmpty && referenceOnly.isEmpty { text += " fast \(fast) reference \(expected)" }
                outcome.mismatches.append(text)
            }
        }
        return outcome
    }

    static func describe(_ rules: [Int], _ engine: DetectionEngine) -> String {
        "[" + rules.map { "\(engine.rules[$0].id) \"\(engine.rules[$0].title)\"" }.joined(separator: ", ") + "]"
    }

    /// The `.jsonl` files under `folder`, relative, sorted.
    static func eventFiles(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        for case let relative as String in walker where relative.hasSuffix(".jsonl") { found.append(relative) }
        return found.sorted()
    }

    /// Events per file from `MANIFEST.tsv` (`file<TAB>events<TAB>…`, one header line).
    static func manifestCounts(_ folder: URL) -> [String: Int]? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("MANIFEST.tsv").path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2, let count = Int(columns[1]) else { return nil }
            counts[String(columns[0])] = count
        }
        return counts
    }
}

/// The files two comparison threads share, and what they found.
///
/// `@unchecked Sendable`: every field is read and written under `lock`.
final class SharedWork: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [String]
    private var outcomes: [ReferenceDifferentialTests.FileOutcome] = []
    private var finished = 0

    init(files: [String]) { pending = files.reversed() }

    func next() -> String? { lock.withLock { pending.popLast() } }

    func add(_ outcome: ReferenceDifferentialTests.FileOutcome) { lock.withLock { outcomes.append(outcome) } }

    /// A worker is done; the outcomes when it was the last of `workers`.
    func finishWorker(of workers: Int) -> [ReferenceDifferentialTests.FileOutcome]? {
        lock.withLock {
            finished += 1
            return finished == workers ? outcomes : nil
        }
    }
}
