import TocsinDetection

/// A record found by the splitter, as text, with the line it starts on.
struct SplitRecord: Equatable, CustomStringConvertible {
    var text: String
    var line: Int

    var description: String { "\(line): \(text)" }
}

/// Everything a splitter found in a whole stream.
struct SplitRun {
    var records: [SplitRecord] = []
    var problems: [RecordProblem] = []
    /// The most bytes the caller had to keep between two calls.
    var maxPending = 0

    /// The records' text, in order.
    var texts: [String] { records.map(\.text) }
}

/// Feeds `chunks` to a splitter the way `RecordReader` does: the bytes it did not consume are passed again in front
/// of the next chunk; the last call has `final` set. With `emptyFinalCall`, the chunks are all given with `final`
/// unset and a last, empty call ends the stream (what the reader does when `read` returns 0).
func splitStream(
    _ chunks: [[UInt8]], framing: RecordSplitter.Framing, maxRecordBytes: Int = 4 << 20, emptyFinalCall: Bool = false
) -> SplitRun {
    var splitter = RecordSplitter(framing: framing, maxRecordBytes: maxRecordBytes)
    var run = SplitRun()
    var pending: [UInt8] = []
    let calls = emptyFinalCall ? chunks + [[]] : chunks
    for (index, chunk) in calls.enumerated() {
        pending += chunk
        let final = index == calls.count - 1
        let output = pending.withUnsafeBufferPointer { splitter.split($0, final: final) }
        for span in output.records {
            run.records.append(
                SplitRecord(text: String(decoding: pending[span.start..<span.end], as: UTF8.self), line: span.line))
        }
        run.problems += output.problems
        pending.removeFirst(output.consumed)
        run.maxPending = max(run.maxPending, pending.count)
    }
    return run
}

/// Splits `text` given in one piece.
func splitStream(_ text: String, framing: RecordSplitter.Framing, maxRecordBytes: Int = 4 << 20) -> SplitRun {
    splitStream([Array(text.utf8)], framing: framing, maxRecordBytes: maxRecordBytes)
}

/// `bytes` cut into chunks of `size` bytes.
func chunked(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
    stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
}
