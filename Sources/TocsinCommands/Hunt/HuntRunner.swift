import Dispatch
import Foundation
import TocsinCore
import TocsinDetection

/// Reads events from files, matches them on all cores and writes detections in input order.
public final class HuntRunner {
    private let engine: DetectionEngine
    private let options: HuntOptions
    private let diagnostics: (String) -> Void
    private var problemsPrinted = 0
    private let workers: [DetectionWorker]
    /// Correlation rules over the detections, fed in input order (held and sorted by event time inside).
    private var correlator: CorrelationEngine<Detection>
    /// Per detection rule: whether its matches only feed correlations.
    private let suppressed: [Bool]
    /// Detection rules, then one entry per correlation: what the writer reports by `Detection.ruleIndex`.
    private let reportRules: [CompiledRule]

    /// Creates a runner; `diagnostics` receives lines meant for standard error.
    ///
    /// A hunt holds the matches of rules that correlations read until the end of the input and orders them by
    /// event time, so files may come in any order (`maxHeld` of them at most; beyond that the oldest go early).
    public init(
        engine: DetectionEngine, correlations: CorrelationSet = CorrelationSet(), options: HuntOptions,
        diagnostics: @escaping (String) -> Void
    ) {
        self.engine = engine
        self.options = options
        self.diagnostics = diagnostics
        workers = (0..<max(1, options.workers)).map { _ in engine.makeWorker() }
        correlator = CorrelationEngine(
            set: correlations, ruleIDs: engine.rules.map(\.id), limits: options.correlationLimits)
        suppressed = engine.rules.map { correlations.suppressedRuleIDs.contains($0.id) }
        reportRules =
            engine.rules
            + correlations.correlations.map { resolved in
                CompiledRule(
                    id: resolved.rule.id, title: resolved.rule.title, level: resolved.rule.level,
                    tags: resolved.rule.tags, location: resolved.rule.location, logSource: LogSource())
            }
    }

    /// Runs the hunt and returns what it read and found.
    public func run() throws -> HuntSummary {
        let started = DispatchTime.now()
        var summary = HuntSummary()
        let sink = try OutputSink(path: options.outputPath)
        defer { sink.close() }
        let writer = DetectionWriter(format: options.format, rules: reportRules, sink: sink, colour: options.colour)
        let (files, missing) = InputFiles.expand(options.inputs)
        for path in missing {
            report(InputProblem(kind: .unreadable, file: path, line: 0, message: "no such file or folder"), &summary)
        }
        let progress = options.showProgress ? ProgressBar(totalBytes: InputFiles.totalSize(files)) : nil
        // Records of small files are pooled, so that every step keeps all cores busy. While the workers match one
        // pool, this thread reads the next: reading and splitting no longer wait for matching, nor matching for them.
        var pool = WorkPool()
        var inFlight: MatchingStep?
        for (fileIndex, file) in files.enumerated() {
            summary.files += 1
            let reader: RecordReader
            do {
                reader = try RecordReader(path: file, displayName: file, maxRecordBytes: options.maxRecordBytes)
            } catch {
                report(InputProblem(kind: .unreadable, file: file, line: 0, message: "\(error)"), &summary)
                continue
            }
            while let batch = reader.nextBatch() {
                for problem in batch.problems { report(problem, &summary) }
                summary.bytes += batch.byteCount
                pool.add(batch, file: Int32(fileIndex))
                if pool.isFull {
                    if let step = inFlight { finish(step, writer: writer, summary: &summary) }
                    inFlight = start(pool, files: files)
                    pool = WorkPool()
                }
                progress?.update(bytes: summary.bytes, events: summary.events)
            }
        }
        if let step = inFlight { finish(step, writer: writer, summary: &summary) }
        finish(start(pool, files: files), writer: writer, summary: &summary)
        for alert in correlator.finish() { emit(report(alert), writer: writer, summary: &summary) }
        summary.correlation = correlator.statistics
        progress?.finish()
        writer.finish()
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if options.showStatistics || problemsPrinted < summary.badRecords {
            if summary.badRecords > problemsPrinted {
                diagnostics("… \(summary.badRecords - problemsPrinted) more input problems not shown")
            }
        }
        return summary
    }

    private func report(_ problem: InputProblem, _ summary: inout HuntSummary) {
        summary.badRecords += 1
        if problemsPrinted < options.problemsShown {
            problemsPrinted += 1
            diagnostics("\(problem)")
        }
    }

    /// Starts matching a pool on all workers in the background; ``finish(_:writer:summary:)`` waits for it.
    ///
    /// The pool is cut into chunks that the workers take in turn, so that a worker that meets heavier events does
    /// not hold the others up; results are kept per chunk and merged in record order.
    private func start(_ pool: WorkPool, files: [String]) -> MatchingStep {
        let count = pool.records.count
        let chunkSize = 256
        let chunks = (count + chunkSize - 1) / chunkSize
        let step = MatchingStep(chunks: chunks)
        guard chunks > 0 else { return step }
        let workers = UnsafeSendable(self.workers)
        let parts = min(workers.value.count, chunks)
        step.group.enter()
        // A thread of its own, not Dispatch's global queue: `finish` blocks on this work, and a caller on Swift's
        // cooperative pool (the tests call the runner from tasks) must only block on work that is already running.
        // On Linux both draw on libdispatch's worker threads, so a queued block could wait for a thread that the
        // waiting callers hold.
        Thread.detachNewThread {
            pool.bytes.withUnsafeBufferPointer { bytes in
                let shared = UnsafeSendable(bytes)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    while let chunk = step.claimChunk() {
                        let lower = chunk * chunkSize
                        let upper = min(count, lower + chunkSize)
                        step.outcomes.set(
                            chunk,
                            Self.match(
                                pool.records[lower..<upper], fileOf: pool.fileOf[lower..<upper], files: files,
                                in: shared.value, worker: workers.value[part]))
                    }
                }
            }
            step.group.leave()
        }
        return step
    }

    /// Waits for a matching step and writes its detections, in record order.
    private func finish(_ step: MatchingStep, writer: DetectionWriter, summary: inout HuntSummary) {
        step.group.wait()
        for outcome in step.outcomes.values() {
            summary.events += outcome.events
            for problem in outcome.problems { report(problem, &summary) }
            for detection in outcome.detections {
                if correlator.reads(rule: detection.ruleIndex) {
                    let time = detection.timestamp.flatMap(EventTime.seconds)
                    let alerts = correlator.add(
                        rule: detection.ruleIndex, time: time, captured: detection.captured, context: detection)
                    for alert in alerts { emit(report(alert), writer: writer, summary: &summary) }
                }
                if suppressed[detection.ruleIndex] {
                    summary.suppressed += 1
                    continue
                }
                emit(detection, writer: writer, summary: &summary)
            }
        }
        writer.flush()
    }

    /// Writes a detection that reaches the minimum level, and counts it.
    private func emit(_ detection: Detection, writer: DetectionWriter, summary: inout HuntSummary) {
        let level = reportRules[detection.ruleIndex].level
        if let minimum = options.minimumLevel, level < minimum { return }
        summary.detections += 1
        summary.rulesFired.insert(detection.ruleIndex)
        if summary.highestLevel.map({ level > $0 }) ?? true { summary.highestLevel = level }
        writer.write(detection)
    }

    /// A correlation alert as a detection: placed at the event that completed it.
    private func report(_ alert: CorrelationAlert<Detection>) -> Detection {
        let resolved = correlator.set.correlations[alert.correlation]
        let detail = CorrelationDetail(
            type: resolved.rule.type.rawValue,
            group: zip(resolved.rule.groupBy, alert.group).map { (name: $0, value: $1) }, value: alert.value,
            events: alert.events, firstFile: alert.first.file, firstLine: alert.first.line,
            firstTimestamp: alert.first.timestamp)
        return Detection(
            ruleIndex: engine.rules.count + alert.correlation, file: alert.last.file, line: alert.last.line,
            timestamp: alert.last.timestamp, host: alert.last.host, correlation: detail)
    }

    /// Matches records on one worker; each worker is used by one thread at a time.
    private static func match(
        _ records: ArraySlice<RecordSpan>, fileOf: ArraySlice<Int32>, files: [String],
        in bytes: UnsafeBufferPointer<UInt8>, worker: DetectionWorker
    ) -> BatchOutcome {
        var outcome = BatchOutcome()
        var fired: [Int] = []
        for (span, fileIndex) in zip(records, fileOf) {
            let file = files[Int(fileIndex)]
            fired.removeAll(keepingCapacity: true)
            let event = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
            do {
                try worker.match(event, into: &fired)
            } catch {
                outcome.problems.append(
                    InputProblem(kind: .malformedJSON, file: file, line: span.line, message: "\(error)"))
                continue
            }
            outcome.events += 1
            guard !fired.isEmpty else { continue }
            let timestamp = worker.timestamp()
            let host = worker.host()
            for rule in fired {
                outcome.detections.append(
                    Detection(
                        ruleIndex: rule, file: file, line: span.line, timestamp: timestamp, host: host,
                        captured: worker.captured(rule: rule)))
            }
        }
        return outcome
    }
}

/// One pool being matched in the background: its chunks, handed out one at a time, and their outcomes.
///
/// `@unchecked Sendable`: `nextChunk` is only touched under `lock`; each outcome slot is written by the one worker
/// that claimed its chunk and read only after `group` is done.
final class MatchingStep: @unchecked Sendable {
    let group = DispatchGroup()
    let outcomes: ResultSlots<BatchOutcome>
    private let chunks: Int
    private var nextChunk = 0
    private let lock = NSLock()

    init(chunks: Int) {
        self.chunks = chunks
        outcomes = ResultSlots(count: chunks)
    }

    /// The next chunk to match, or nil when all are taken.
    func claimChunk() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextChunk < chunks else { return nil }
        nextChunk += 1
        return nextChunk - 1
    }
}

/// What one worker found in its part of a batch.
struct BatchOutcome: Sendable {
    var events = 0
    var detections: [Detection] = []
    var problems: [InputProblem] = []
}

/// Carries a buffer pointer into `concurrentPerform`.
///
/// `@unchecked Sendable`: the buffer is only read while the closure runs, and its owner outlives the call.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Records of one or more files gathered for one parallel matching step.
struct WorkPool {
    /// Records are matched in parallel once this many are pooled.
    static let recordTarget = 4096
    static let byteTarget = 8 << 20

    var bytes: [UInt8] = []
    var records: [RecordSpan] = []
    /// For each record, the index of its file.
    var fileOf: [Int32] = []

    var isFull: Bool { records.count >= Self.recordTarget || bytes.count >= Self.byteTarget }

    /// Adds the records of a batch, moving their offsets behind the bytes already pooled.
    mutating func add(_ batch: RecordBatch, file: Int32) {
        guard !batch.records.isEmpty else { return }
        if records.isEmpty {
            bytes = batch.bytes
            records = batch.records
        } else {
            let offset = bytes.count
            bytes.append(contentsOf: batch.bytes)
            records.append(
                contentsOf: batch.records.map { RecordSpan(start: $0.start + offset, end: $0.end + offset, line: $0.line) })
        }
        fileOf.append(contentsOf: repeatElement(file, count: batch.records.count))
    }
}
