import CZlib
import Foundation
import TocsinDetection

/// A problem with the input of a hunt: a file that cannot be read or a record that is not an event.
public struct InputProblem: Sendable, CustomStringConvertible {
    public var kind: RecordProblem.Kind
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    public var message: String

    /// Creates a problem.
    public init(kind: RecordProblem.Kind, file: String, line: Int, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: kind: message`.
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return "\(place): error: \(kind.rawValue): \(message)"
    }
}

/// Events read from a file, ready for matching: the bytes and where each event lies in them.
public struct RecordBatch: Sendable {
    public var bytes: [UInt8]
    public var records: [RecordSpan]
    public var problems: [InputProblem]
    /// Input bytes this batch accounts for (compressed files count their decompressed size).
    public var byteCount: Int
}

/// Reads a file (or standard input), decompressing gzip, and cuts it into batches of whole events.
///
/// Memory stays bounded by the batch size plus the longest event allowed: nothing holds the whole input.
public final class RecordReader {
    private let displayName: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var gzip: gzFile?
    private var splitter: RecordSplitter
    private var pending: [UInt8] = []
    private var finished = false
    /// Where each read lands before it joins `pending`; allocated once, not zeroed.
    private let chunk: UnsafeMutableRawBufferPointer
    private var sawData = false
    /// Whether the start of the input was checked for a byte order mark.
    private var encodingChecked = false
    /// Whether the start of the input was checked for binary data (once: a NUL later is a bad record, not a binary file).
    private var binaryChecked = false
    /// Bytes read by the peek in `init` and not yet counted in a batch.
    private var uncountedHead = 0
    private var streamInflater: StreamInflater?
    /// Standard input has no name to tell its framing: it is guessed from the first bytes.
    private var sniffStdin = false

    /// Opens `path` (`-` for standard input). Gzip is recognised by its magic bytes, not by the name.
    public init(path: String, displayName: String, maxRecordBytes: Int, chunkSize: Int = 4 << 20) throws {
        self.displayName = displayName
        var size = chunkSize
        if path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let fileSize = attributes[.size] as? Int, attributes[.type] as? FileAttributeType == .typeRegular
        {
            // A small file needs no large buffer (compressed files may grow: keep the full size for them).
            size = min(chunkSize, max(fileSize + 1, 4096))
            if path.lowercased().hasSuffix(".gz") { size = chunkSize }
        }
        chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw HuntError(message: "\(path): cannot open: \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
        }
        // Peek at the first bytes: gzip magic, and whether a `.json` file or stdin holds pretty-printed values.
        var head = [UInt8](repeating: 0, count: 2)
        var headCount = 0
        let fd = descriptor
        while headCount < 2 {
            let got = head.withUnsafeMutableBytes { read(fd, $0.baseAddress! + headCount, 2 - headCount) }
            if got <= 0 { break }
            headCount += got
        }
        let isGzip = headCount == 2 && head[0] == 0x1F && head[1] == 0x8B
        var framing: RecordSplitter.Framing = .lines
        let lower = path.lowercased()
        if lower.hasSuffix(".json") || lower.hasSuffix(".json.gz") { framing = .values }
        splitter = RecordSplitter(framing: framing, maxRecordBytes: maxRecordBytes)
        if isGzip {
            // zlib reads from the descriptor itself; hand it the two bytes already read by starting over.
            if path != "-" {
                lseek(descriptor, 0, SEEK_SET)
                gzip = gzdopen(dup(descriptor), "rb")
            } else {
                // Standard input cannot seek: feed zlib through a pipe is not possible, so inflate here instead.
                gzip = nil
                streamInflater = StreamInflater(prefix: Array(head[0..<headCount]))
            }
            if let gzip { gzbuffer(gzip, 1 << 18) }
        } else {
            pending = Array(head[0..<headCount])
            uncountedHead = headCount
            sawData = headCount > 0
        }
        sniffStdin = path == "-"
    }


    deinit {
        chunk.deallocate()
        if let gzip { gzclose(gzip) }
        if ownsDescriptor { close(descriptor) }
    }

    /// The next batch of events, or nil at the end of the input.
    public func nextBatch() -> RecordBatch? {
        guard !finished else { return nil }
        var problems: [InputProblem] = []
        var bytesRead = uncountedHead
        uncountedHead = 0
        let got = readChunk(into: chunk, problems: &problems)
        let final = got <= 0
        if got > 0 {
            bytesRead += got
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
            sawData = true
        }
        if !encodingChecked, pending.count >= 3 || final {
            encodingChecked = true
            if pending.starts(with: [0xEF, 0xBB, 0xBF]) {
                // A UTF-8 byte order mark (Windows tools write one) is not part of the first event.
                pending.removeFirst(3)
            } else if pending.starts(with: [0xFF, 0xFE]) || pending.starts(with: [0xFE, 0xFF]) {
                // Windows PowerShell's `>` writes UTF-16: say so rather than call it binary data.
                problems.append(
                    InputProblem(
                        kind: .invalidUTF8, file: displayName, line: 0,
                        message: "UTF-16 text (it starts with a UTF-16 byte order mark), but events must be UTF-8; "
                            + "file skipped (convert it, e.g. iconv -f UTF-16 -t UTF-8)"))
                finished = true
                return RecordBatch(bytes: [], records: [], problems: problems, byteCount: bytesRead)
            }
        }
        if sniffStdin && !pending.isEmpty {
            sniffStdin = false
            if Self.looksLikeValues(pending) { splitter = RecordSplitter(framing: .values, maxRecordBytes: splitter.maxRecordBytes) }
        }
        if !binaryChecked, !pending.isEmpty {
            binaryChecked = true
            if Self.looksBinary(pending) {
                problems.append(
                    InputProblem(
                        kind: .binary, file: displayName, line: 0, message: "binary data, not JSON text; file skipped"))
                finished = true
                return RecordBatch(bytes: [], records: [], problems: problems, byteCount: bytesRead)
            }
        }
        if final {
            finished = true
            if !sawData {
                problems.append(InputProblem(kind: .empty, file: displayName, line: 0, message: "the input is empty"))
            }
        }
        let output = pending.withUnsafeBufferPointer { splitter.split($0, final: final) }
        for problem in output.problems {
            problems.append(InputProblem(kind: problem.kind, file: displayName, line: problem.line, message: problem.message))
        }
        let bytes = pending
        pending = Array(pending[output.consumed...])
        return RecordBatch(bytes: bytes, records: output.records, problems: problems, byteCount: bytesRead)
    }

    /// Reads up to `chunk.count` bytes; 0 at the end, -1 after an error (reported in `problems`).
    private func readChunk(into chunk: UnsafeMutableRawBufferPointer, problems: inout [InputProblem]) -> Int {
        if let gzip {
            let got = gzread(gzip, chunk.baseAddress, UInt32(chunk.count))
            if got < 0 || (got == 0 && gzeof(gzip) == 0) || (got == 0 && Self.gzipTruncated(gzip)) {
                var code: Int32 = 0
                var message = gzerror(gzip, &code).map { String(cString: $0) } ?? "unknown zlib error"
                // zlib names the file by its descriptor ("<fd:7>: unexpected end of file"); the file is named already.
                if message.hasPrefix("<fd:"), let colon = message.range(of: ": ") {
                    message = String(message[colon.upperBound...])
                }
                problems.append(
                    InputProblem(
                        kind: .truncated, file: displayName, line: 0,
                        message: "gzip data is damaged or cut short (\(message)); events before it were read"))
                return -1
            }
            return Int(got)
        }
        if var inflater = streamInflater {
            defer { streamInflater = inflater }
            return inflater.read(from: descriptor, into: chunk, problems: &problems, file: displayName)
        }
        var total = 0
        while total < chunk.count {
            let got = read(descriptor, chunk.baseAddress! + total, chunk.count - total)
            if got < 0 {
                if errno == EINTR { continue }
                problems.append(
                    InputProblem(kind: .unreadable, file: displayName, line: 0, message: String(cString: strerror(errno))))
                return total > 0 ? total : -1
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    private static func gzipTruncated(_ file: gzFile) -> Bool {
        var code: Int32 = 0
        _ = gzerror(file, &code)
        return code != Z_OK
    }

    /// Whether the first event of standard input spans several lines (pretty-printed) or sits in an array.
    static func looksLikeValues(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.firstIndex(where: { !RecordSplitter.isSpace($0) }) else { return false }
        if bytes[first] == 0x5B { return true }
        guard bytes[first] == 0x7B else { return false }
        guard let newline = bytes[first...].firstIndex(of: 0x0A) else { return false }
        // A complete object on the first line means one event per line.
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes[first..<newline] {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == 0x7B || byte == 0x5B {
                depth += 1
            } else if byte == 0x7D || byte == 0x5D {
                depth -= 1
            }
        }
        return depth > 0
    }

    /// Whether the start of the input holds NUL bytes, which JSON text never does.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(4096).contains(0)
    }
}

/// Inflates gzip from a descriptor that cannot seek (standard input), with zlib's streaming API.
struct StreamInflater {
    private var stream = z_stream()
    private var input: [UInt8]
    private var inputOffset = 0
    private var started = false
    private var ended = false

    init(prefix: [UInt8]) {
        input = prefix
    }

    mutating func read(
        from descriptor: Int32, into chunk: UnsafeMutableRawBufferPointer, problems: inout [InputProblem], file: String
    ) -> Int {
        if ended { return 0 }
        if !started {
            started = true
            // 15 + 32: a zlib or gzip header, detected automatically.
            guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                problems.append(InputProblem(kind: .unreadable, file: file, line: 0, message: "cannot start zlib"))
                ended = true
                return -1
            }
        }
        var produced = 0
        var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
        while produced < chunk.count {
            if inputOffset >= input.count {
                let got = readBuffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                if got <= 0 {
                    problems.append(
                        InputProblem(
                            kind: .truncated, file: file, line: 0,
                            message: "gzip data is cut short; events before it were read"))
                    inflateEnd(&stream)
                    ended = true
                    return produced > 0 ? produced : -1
                }
                input = Array(readBuffer[0..<got])
                inputOffset = 0
            }
            let output = chunk.bindMemory(to: UInt8.self)
            let status: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress! + inputOffset
                stream.avail_in = UInt32(inputBuffer.count - inputOffset)
                stream.next_out = output.baseAddress! + produced
                stream.avail_out = UInt32(output.count - produced)
                let result = inflate(&stream, Z_NO_FLUSH)
                inputOffset = inputBuffer.count - Int(stream.avail_in)
                produced = output.count - Int(stream.avail_out)
                return result
            }
            if status == Z_STREAM_END {
                inflateEnd(&stream)
                ended = true
                return produced
            }
            if status != Z_OK && status != Z_BUF_ERROR {
                problems.append(
                    InputProblem(kind: .truncated, file: file, line: 0, message: "gzip data is damaged (zlib \(status))"))
                inflateEnd(&stream)
                ended = true
                return produced > 0 ? produced : -1
            }
        }
        return produced
    }
}
