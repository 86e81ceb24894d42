import Foundation

/// Where one event sits in a buffer: a byte range and the 1-based line it starts on.
public struct RecordSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var line: Int

    /// Creates a span.
    public init(start: Int, end: Int, line: Int) {
        self.start = start
        self.end = end
        self.line = line
    }
}

/// A record that could not be taken as an event, with the line it starts on.
public struct RecordProblem: Sendable, Hashable {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Hashable {
        case malformedJSON = "malformed JSON"
        case invalidUTF8 = "invalid UTF-8"
        case tooLong = "event too long"
        case notAnObject = "not a JSON object"
        case truncated = "truncated input"
        case unreadable = "unreadable"
        case binary = "binary data"
        case empty = "empty input"
    }

    public var kind: Kind
    public var line: Int
    public var message: String

    /// Creates a problem.
    public init(kind: Kind, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }
}

/// Splits a stream of bytes, given chunk by chunk, into JSON event records.
///
/// Two framings:
/// - ``Framing/lines``: one event per line (JSONL, NDJSON). A bad line never affects the next one.
/// - ``Framing/values``: JSON values one after another, optionally inside one top-level array, pretty-printed or
///   not (a `.json` file, SigmaHQ's regression data). Objects are found by bracket depth, strings and escapes
///   respected, so a `}` inside a string does not end an event.
///
/// The splitter is pure: the caller owns the buffer. ``split(_:final:)`` reports complete records and how many
/// bytes at the end of the buffer belong to an incomplete record, which the caller keeps for the next call.
public struct RecordSplitter: Sendable {
    /// How events are framed in the stream.
    public enum Framing: Sendable, Hashable {
        case lines
        case values
    }

    /// What one call found.
    public struct Output: Sendable {
        public var records: [RecordSpan] = []
        public var problems: [RecordProblem] = []
        /// Bytes at the start of the buffer that the caller may drop; the rest must be passed again, followed by
        /// new input.
        public var consumed = 0
    }

    public let framing: Framing
    public let maxRecordBytes: Int
    /// Whether records of invalid UTF-8 are refused here. A caller that validates each record with
    /// ``JSONValidator``, which checks the UTF-8 of an object in the same pass, turns this off.
    public let checksUTF8: Bool

    /// Line of the next byte to read (1-based).
    private var line = 1
    /// Offset (in the current buffer) from which scanning resumes; earlier bytes of the pending record were scanned.
    private var resume = 0
    // State of `values` framing across calls.
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Whether the current (pending) record is being skipped because it is too long.
    private var skipping = false
    private var skippedBytes = 0
    private var recordLine = 1
    /// `values` framing: whether the pending bytes belong to an object that has started.
    private var inRecord = false
    /// `values` framing: whether the rest of a line that is not an event (already reported) is being dropped.
    private var skippingJunk = false

    /// Creates a splitter.
    public init(framing: Framing, maxRecordBytes: Int, checksUTF8: Bool = true) {
        self.framing = framing
        self.maxRecordBytes = maxRecordBytes
        self.checksUTF8 = checksUTF8
    }

    /// Splits `buffer`: the bytes left over by the previous call (``Output/consumed`` dropped) followed by new input.
    /// With `final`, the end of the buffer is the end of the stream.
    public mutating func split(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool) -> Output {
        switch framing {
        case .lines: return splitLines(buffer, final: final)
        case .values: return splitValues(buffer, final: final)
        }
    }

    private mutating func splitLines(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool) -> Output {
        var output = Output()
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            // The stream may end inside an overlong last line whose bytes were all dropped by earlier calls.
            if final && skipping { reportSkippedLine(length: skippedBytes, into: &output) }
            return output
        }
        let count = buffer.count
        var start = 0
        var position = resume
        while position < count {
            let remaining = count - position
            guard let hit = memchr(base + position, 0x0A, remaining) else {
                position = count
                break
            }
            let newline = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            finishLine(base, start: start, end: newline, into: &output)
            start = newline + 1
            position = start
        }
        if final, start < count {
            finishLine(base, start: start, end: count, into: &output)
            start = count
        }
        if !skipping && count - start > maxRecordBytes {
            skipping = true
            skippedBytes = 0
        }
        if skipping {
            // Drop the bytes of the overlong line; keep nothing.
            skippedBytes += count - start
            start = count
        }
        output.consumed = start
        resume = count - start
        return output
    }

    private mutating func finishLine(
        _ base: UnsafePointer<UInt8>, start: Int, end: Int, into output: inout Output
    ) {
        if skipping {
            reportSkippedLine(length: skippedBytes + (end - start), into: &output)
            return
        }
        let current = line
        line += 1
        var stop = end
        if stop > start, base[stop - 1] == 0x0D { stop -= 1 }
        var first = start
        while first < stop, Self.isSpace(base[first]) { first += 1 }
        if first == stop { return }
        if stop - first > maxRecordBytes {
            output.problems.append(
                RecordProblem(
                    kind: .tooLong, line: current,
                    message: "the line is \(stop - first) bytes long, over the limit of \(maxRecordBytes); skipped"))
            return
        }
        if checksUTF8, let problem = Self.checkUTF8(base + first, stop - first, line: current) {
            output.problems.append(problem)
            return
        }
        output.records.append(RecordSpan(start: first, end: stop, line: current))
    }

    /// Ends the overlong line being skipped, `length` bytes long, with a problem.
    private mutating func reportSkippedLine(length: Int, into output: inout Output) {
        skipping = false
        skippedBytes = 0
        output.problems.append(
            RecordProblem(
                kind: .tooLong, line: line,
                message: "the line is \(length) bytes long, over the limit of \(maxRecordBytes); skipped"))
        line += 1
    }

    private mutating func splitValues(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool) -> Output {
        var output = Output()
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            // The stream may end inside an event whose bytes were all dropped because it is too long.
            if final && inRecord {
                output.problems.append(
                    RecordProblem(
                        kind: .truncated, line: recordLine, message: "the input ends inside an event that starts here"))
                inRecord = false
                skipping = false
                skippedBytes = 0
            }
            return output
        }
        let count = buffer.count
        var recordStart = inRecord ? 0 : -1
        var position = resume
        var dropBefore = 0
        while position < count {
            let byte = base[position]
            if byte == 0x0A { line += 1 }
            if inRecord {
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == 0x5C {
                        escaped = true
                    } else if byte == 0x22 {
                        inString = false
                    }
                } else if byte == 0x22 {
                    inString = true
                } else if byte == 0x7B || byte == 0x5B {
                    depth += 1
                } else if byte == 0x7D || byte == 0x5D {
                    depth -= 1
                    if depth == 0 {
                        inRecord = false
                        let end = position + 1
                        if skipping {
                            output.problems.append(
                                RecordProblem(
                                    kind: .tooLong, line: recordLine,
                                    message: "the event is \(skippedBytes + end) bytes long, over the limit of "
                                        + "\(maxRecordBytes); skipped"))
                            skipping = false
                            skippedBytes = 0
                        } else if end - recordStart > maxRecordBytes {
                            output.problems.append(
                                RecordProblem(
                                    kind: .tooLong, line: recordLine,
                                    message: "the event is \(end - recordStart) bytes long, over the limit of "
                                        + "\(maxRecordBytes); skipped"))
                        } else if checksUTF8, let problem = Self.checkUTF8(
                            base + recordStart, end - recordStart, line: recordLine)
                        {
                            output.problems.append(problem)
                        } else {
                            output.records.append(RecordSpan(start: recordStart, end: end, line: recordLine))
                        }
                        recordStart = -1
                        dropBefore = end
                    }
                }
                position += 1
                continue
            }
            if skippingJunk {
                if byte == 0x0A { skippingJunk = false }
                position += 1
                dropBefore = position
                continue
            }
            // Between events: whitespace, the separators of an array, or the start of the next object.
            if byte == 0x7B {
                inRecord = true
                depth = 1
                inString = false
                escaped = false
                recordStart = position
                recordLine = line
                position += 1
                continue
            }
            if Self.isSpace(byte) || byte == 0x2C || byte == 0x5B || byte == 0x5D {
                position += 1
                dropBefore = position
                continue
            }
            // Anything else is not an event: report it and skip to the end of the line.
            let problemLine = line
            var stop = position
            while stop < count, base[stop] != 0x0A { stop += 1 }
            if stop == count && !final {
                // The rest of this line may not have arrived yet; look again with more input, unless it is already
                // too long to keep: then report it now and drop the rest of the line as it arrives.
                if count - position <= maxRecordBytes { break }
                skippingJunk = true
            }
            let shown = String(decoding: UnsafeBufferPointer(start: base + position, count: min(40, stop - position)),
                as: UTF8.self)
            output.problems.append(
                RecordProblem(
                    kind: .notAnObject, line: problemLine,
                    message: "expected a JSON object, found '\(shown)'"))
            position = stop
            dropBefore = position
        }
        if inRecord {
            let pending = count - recordStart
            if final {
                output.problems.append(
                    RecordProblem(
                        kind: .truncated, line: recordLine,
                        message: "the input ends inside an event that starts here"))
                inRecord = false
                skipping = false
                dropBefore = count
            } else if skipping || pending > maxRecordBytes {
                // Too long: keep scanning its structure, but drop its bytes.
                if !skipping {
                    skipping = true
                    skippedBytes = 0
                }
                skippedBytes += pending
                recordStart = count
                dropBefore = count
            } else {
                dropBefore = recordStart
            }
        } else if position < count {
            dropBefore = min(dropBefore, position)
        } else {
            dropBefore = count
        }
        output.consumed = dropBefore
        resume = position - dropBefore
        // Offsets in the next buffer start after the dropped bytes.
        return output
    }

    /// Whether `byte` is JSON whitespace.
    @inline(__always)
    public static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// A problem when the bytes are not valid UTF-8 (checked eight bytes at a time while they are ASCII, and again
    /// after each multi-byte sequence: an event with one `ü` early on is still mostly ASCII).
    static func checkUTF8(_ start: UnsafePointer<UInt8>, _ count: Int, line: Int) -> RecordProblem? {
        var index = 0
        while index < count {
            index = SWAR.skip(start, from: index, end: count) { $0 & SWAR.highs }
            guard index < count else { break }
            let byte = start[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = UTF8Sequence.length(start, at: index, count: count)
            guard length > 0 else { return invalidUTF8(at: index, line: line) }
            index += length
        }
        return nil
    }

    private static func invalidUTF8(at offset: Int, line: Int) -> RecordProblem {
        RecordProblem(
            kind: .invalidUTF8, line: line, message: "invalid UTF-8 at byte \(offset + 1) of the event; skipped")
    }
}
