import Logging
import TocsinDetection
import TocsinStore

extension FileFollower {
    /// Whether detection is so far behind that reading pauses: more pending than the queue holds, or the oldest
    /// pending event waiting longer than `maxDelay`.
    func detectionBehind() async -> Bool {
        if await pipeline.lag > queueLimit { return true }
        return await pipeline.delay > maxDelay
    }

    /// Reads `file` to its current end, storing its complete lines batch by batch and saving the position after
    /// each. Stops early while detection is behind, keeping at most one read of lines in memory. With `final` (the
    /// file was rotated or removed), a last line without LF will never be completed: it is refused, and
    /// back-pressure does not stop the reading, as the old file is about to be closed.
    func drain(_ file: inout FollowedFile, final: Bool) async {
        while true {
            if !final, await detectionBehind() { return }
            switch await takeLines(&file, pausable: !final) {
            case .failed: return
            case .paused: continue
            case .done: break
            }
            if !file.skipping, file.pending.count > maxEventBytes {
                // Too long already: drop its bytes as they come, up to its LF.
                file.skipping = true
                file.pending = []
            }
            let chunk = file.reader.read(at: file.readPosition, count: readBytes)
            if chunk.isEmpty { break }
            file.readPosition += Int64(chunk.count)
            guard file.skipping else {
                file.pending.append(contentsOf: chunk)
                continue
            }
            guard let newline = chunk.firstIndex(of: 0x0A) else { continue }
            refuse(file, line: file.line, at: file.offset, reason: "the line is over \(maxEventBytes) bytes; skipped")
            file.skipping = false
            file.line = file.line.map { $0 + 1 }
            let lineEnd = file.readPosition - Int64(chunk.count) + Int64(newline) + 1
            guard await commit([], through: lineEnd, in: &file) else { return }
            file.pending = Array(chunk[(newline + 1)...])
        }
        if final, !file.pending.isEmpty || file.skipping {
            refuse(
                file, line: file.line, at: file.offset,
                reason: "the file was rotated or removed in the middle of this line")
            let end = file.readPosition
            file.pending = []
            file.skipping = false
            _ = await commit([], through: end, in: &file)
        }
    }

    /// How far ``takeLines(_:pausable:)`` got.
    enum Progress {
        /// Every complete line in `pending` is handled.
        case done
        /// A batch was stored and detection is now behind: the rest waits.
        case paused
        /// The store failed; the file is rewound to its saved position.
        case failed
    }

    /// Stores the complete lines in `file.pending`, `batchLines` at a time.
    private func takeLines(_ file: inout FollowedFile, pausable: Bool) async -> Progress {
        var events: [StoredEventInput] = []
        var start = 0
        let pendingStart = file.readPosition - Int64(file.pending.count)
        let source = "file:\(file.path)"
        let now = clock()
        defer { if start > 0 { file.pending.removeFirst(start) } }
        while let newline = file.pending[start...].firstIndex(of: 0x0A) {
            let line = file.line
            file.line = file.line.map { $0 + 1 }
            switch Self.event(in: file.pending[start..<newline], maxBytes: maxEventBytes) {
            case .blank: break
            case .event(let text): events.append(StoredEventInput(source: source, receivedAt: now, text: text))
            case .refused(let reason): refuse(file, line: line, at: pendingStart + Int64(start), reason: reason)
            }
            start = newline + 1
            if events.count >= batchLines {
                guard await commit(events, through: pendingStart + Int64(start), in: &file) else {
                    start = 0
                    return .failed
                }
                events = []
                if pausable, await detectionBehind() { return .paused }
            }
        }
        guard start > 0, pendingStart + Int64(start) > file.offset else { return .done }
        guard await commit(events, through: pendingStart + Int64(start), in: &file) else {
            start = 0
            return .failed
        }
        return .done
    }

    /// What one line holds.
    enum Line: Equatable {
        case blank
        case event(EventText)
        case refused(String)
    }

    /// The event on one line (without its LF): one JSON object of valid UTF-8 within `maxBytes`.
    static func event(in bytes: ArraySlice<UInt8>, maxBytes: Int) -> Line {
        var line = bytes
        while let last = line.last, RecordSplitter.isSpace(last) { line.removeLast() }
        while let first = line.first, RecordSplitter.isSpace(first) { line.removeFirst() }
        if line.isEmpty { return .blank }
        guard line.count <= maxBytes else {
            return .refused("the line is \(line.count) bytes long, over the limit of \(maxBytes); skipped")
        }
        // The validator checks the UTF-8 in the same pass as the JSON.
        if let problem = line.withUnsafeBufferPointer({ JSONValidator.problem(inObject: $0) }) {
            return .refused(problem.kind == .invalidUTF8 ? "invalid UTF-8; skipped" : "malformed JSON: \(problem)")
        }
        // A copy of its own: the read buffer is shifted in place as lines are taken.
        return .event(EventText(Array(line)[...]))
    }

    /// Appends `events`, then saves `offset` as the position: false, with the file rewound to its last saved
    /// position, when the store refused either.
    private func commit(_ events: [StoredEventInput], through offset: Int64, in file: inout FollowedFile) async -> Bool
    {
        do {
            if !events.isEmpty {
                let ids = try await store.appendEvents(events)
                if let last = ids.last {
                    await pipeline.noteAppended(upTo: last, oldestReceivedAt: events.map(\.receivedAt).min())
                }
                metrics.count(.fileEventsReceived, by: ids.count)
            }
            try await store.setPosition(path: file.path, inode: file.inode, offset: offset)
            file.offset = offset
            return true
        } catch {
            metrics.count(.ingestAppendFailures)
            logger.error(
                "followed file's lines could not be stored",
                metadata: ["file.path": "\(file.path)", "error": "\(error)"])
            file.rewind(to: file.offset)
            return false
        }
    }

    private func refuse(_ file: FollowedFile, line: Int?, at offset: Int64, reason: String) {
        metrics.count(.fileLinesRejected)
        var metadata: Logger.Metadata = [
            "file.path": "\(file.path)", "file.offset": "\(offset)", "file.reason": "\(reason)",
        ]
        if let line { metadata["file.line"] = "\(line)" }
        logger.info("followed file line refused", metadata: metadata)
    }
}
