import Foundation
import Testing
import TocsinDetection

@testable import TocsinCommands

/// `RecordReader` with small reads, so that events straddle them.
@Suite struct RecordReaderTests {
    struct Read {
        var records: [String] = []
        var lines: [Int] = []
        var problems: [InputProblem] = []
        var byteCount = 0
    }

    func readAll(_ path: String, chunkSize: Int, maxRecordBytes: Int = 4 << 20) throws -> Read {
        let reader = try RecordReader(
            path: path, displayName: "input", maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
        var read = Read()
        while let batch = reader.nextBatch() {
            for span in batch.records {
                read.records.append(String(decoding: batch.bytes[span.start..<span.end], as: UTF8.self))
                read.lines.append(span.line)
            }
            read.problems += batch.problems
            read.byteCount += batch.byteCount
        }
        return read
    }

    static let lines = (1...300).map { #"{"n":\#($0),"text":"event number \#($0)"}"# }

    @Test(arguments: [16, 100, 4096, 4 << 20])
    func linesFileInSmallReads(chunkSize: Int) throws {
        let folder = try TemporaryFolder()
        let text = Self.lines.joined(separator: "\n")
        let file = try folder.write("events.jsonl", text)
        let read = try readAll(file, chunkSize: chunkSize)
        #expect(read.records == Self.lines)
        #expect(read.lines == Array(1...300))
        #expect(read.problems.isEmpty)
        #expect(read.byteCount == text.utf8.count)
    }

    @Test(arguments: [16, 100, 4096])
    func gzipValuesFileInSmallReads(chunkSize: Int) throws {
        let folder = try TemporaryFolder()
        let text = "[\n" + Self.lines.joined(separator: ",\n") + "\n]\n"
        let file = try folder.writeGzip("events.json.gz", text)
        let read = try readAll(file, chunkSize: chunkSize)
        #expect(read.records == Self.lines)
        #expect(read.lines == Array(2...301))
        #expect(read.problems.isEmpty)
        // Compressed input counts its decompressed size.
        #expect(read.byteCount == text.utf8.count)
    }

    @Test func zeroFilledBlockInTheMiddleIsABadLineNotABinaryFile() throws {
        // A crash can leave a run of NUL bytes in a log file; the events after it must still be read.
        let folder = try TemporaryFolder()
        let before = Self.lines[0..<200].joined(separator: "\n") + "\n"
        let after = "\n" + Self.lines[200...].joined(separator: "\n") + "\n"
        let bytes = Array(before.utf8) + [UInt8](repeating: 0, count: 512) + Array(after.utf8)
        let file = try folder.write("events.jsonl", bytes: bytes)
        for chunkSize in [4096, 1 << 20] {
            let read = try readAll(file, chunkSize: chunkSize)
            // The NUL line is a record like any other; the event scanner rejects it as malformed JSON.
            #expect(read.records.filter { !$0.hasPrefix("\0") } == Self.lines, "reads of \(chunkSize) bytes")
            #expect(read.lines == Array(1...301), "reads of \(chunkSize) bytes")
            #expect(read.problems.isEmpty, "reads of \(chunkSize) bytes")
            #expect(read.byteCount == bytes.count)
        }
    }

    @Test(arguments: ["{}", "{}\n", "[]"])
    func tinyFilesAreRead(text: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(text.hasPrefix("[") ? "tiny.json" : "tiny.jsonl", text)
        let read = try readAll(file, chunkSize: 4096)
        #expect(read.records == (text.hasPrefix("{") ? ["{}"] : []))
        #expect(read.problems.isEmpty)
        #expect(read.byteCount == text.utf8.count)
    }

    @Test func binaryFileIsReportedOnceAndSkipped() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("events.jsonl", bytes: (0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
        let read = try readAll(file, chunkSize: 4096)
        #expect(read.records.isEmpty)
        #expect(read.problems.map(\.kind) == [.binary])
        #expect(read.problems.first?.line == 0)
    }

    @Test func missingFileThrows() throws {
        let folder = try TemporaryFolder()
        #expect(throws: HuntError.self) {
            _ = try RecordReader(path: folder.path + "/none.jsonl", displayName: "none", maxRecordBytes: 1 << 20)
        }
    }

    @Test func problemDescriptionNamesFileAndLine() {
        let problem = InputProblem(kind: .malformedJSON, file: "logs/a.jsonl", line: 12, message: "bad")
        #expect(problem.description == "logs/a.jsonl:12: error: malformed JSON: bad")
        let whole = InputProblem(kind: .empty, file: "logs/b.jsonl", line: 0, message: "the input is empty")
        #expect(whole.description == "logs/b.jsonl: error: empty input: the input is empty")
    }
}
