import TocsinDetection
import TocsinStore

/// What a bulk request body holds: the events to store and the lines that were refused, with why.
struct IngestBatch: Sendable, Equatable {
    /// A refused line.
    struct Rejection: Sendable, Equatable {
        var line: Int
        var reason: String
    }

    /// Each accepted event's JSON text (a slice of the body, which the batch's events share), and the line it came
    /// from.
    var events: [(line: Int, text: EventText)] = []
    var rejected: [Rejection] = []

    static func == (lhs: IngestBatch, rhs: IngestBatch) -> Bool {
        lhs.rejected == rhs.rejected && lhs.events.map(\.line) == rhs.events.map(\.line)
            && lhs.events.map(\.text) == rhs.events.map(\.text)
    }

    /// Splits an NDJSON body into events: each line must be one JSON object of valid UTF-8 within `maxEventBytes`.
    /// Blank lines are skipped; a bad line is refused and the others are still taken.
    static func parse(ndjson body: [UInt8], maxEventBytes: Int) -> IngestBatch {
        var batch = IngestBatch()
        // The validator checks each line's UTF-8 in the same pass as its JSON, so the splitter need not.
        var splitter = RecordSplitter(framing: .lines, maxRecordBytes: maxEventBytes, checksUTF8: false)
        body.withUnsafeBufferPointer { buffer in
            let output = splitter.split(buffer, final: true)
            for problem in output.problems {
                batch.rejected.append(Rejection(line: problem.line, reason: problem.message))
            }
            for span in output.records {
                let bytes = UnsafeBufferPointer(rebasing: buffer[span.start..<span.end])
                if let problem = JSONValidator.problem(inObject: bytes) {
                    let reason =
                        problem.kind == .invalidUTF8
                        ? "invalid UTF-8 at byte \(problem.offset + 1) of the event; skipped"
                        : "malformed JSON: \(problem)"
                    batch.rejected.append(Rejection(line: span.line, reason: reason))
                } else {
                    batch.events.append((span.line, EventText(body[span.start..<span.end])))
                }
            }
        }
        batch.rejected.sort { $0.line < $1.line }
        return batch
    }
}
