import Testing
import TocsinDetection

/// `lines` framing: one event per line (JSONL, NDJSON).
@Suite struct RecordSplitterLinesTests {
    @Test func oneRecordPerLineWithLineNumbers() {
        let run = splitStream("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n", framing: .lines)
        #expect(
            run.records == [
                SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 2),
                SplitRecord(text: "{\"c\":3}", line: 3),
            ])
        #expect(run.problems.isEmpty)
    }

    @Test func carriageReturnsAreNotPartOfTheRecord() {
        let run = splitStream("{\"a\":1}\r\n{\"b\":2}\r\n", framing: .lines)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 2)])
    }

    @Test func blankAndWhitespaceLinesAreSkippedButCounted() {
        let run = splitStream("\n{\"a\":1}\n\n   \n\t\r\n  {\"b\":2}\n\n", framing: .lines)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 2), SplitRecord(text: "{\"b\":2}", line: 6)])
        #expect(run.problems.isEmpty)
    }

    @Test(arguments: [false, true])
    func lastLineWithoutNewline(emptyFinalCall: Bool) {
        let run = splitStream(
            [Array("{\"a\":1}\n{\"b\":2}".utf8)], framing: .lines, emptyFinalCall: emptyFinalCall)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 2)])
    }

    @Test func emptyStreamHasNothing() {
        let run = splitStream([[]], framing: .lines)
        #expect(run.records.isEmpty)
        #expect(run.problems.isEmpty)
    }

    @Test func everyCutPointGivesTheSameRecords() {
        let text = "{\"a\":\"x y\"}\r\n\n{\"b\":[1,2]}\n  {\"c\":\"é\"}\n{\"d\":4}"
        let bytes = Array(text.utf8)
        let whole = splitStream([bytes], framing: .lines)
        #expect(whole.records.map(\.line) == [1, 3, 4, 5])
        for cut in 0...bytes.count {
            for emptyFinalCall in [false, true] {
                let run = splitStream(
                    [Array(bytes[..<cut]), Array(bytes[cut...])], framing: .lines, emptyFinalCall: emptyFinalCall)
                #expect(run.records == whole.records, "cut at byte \(cut)")
                #expect(run.problems.isEmpty, "cut at byte \(cut)")
            }
        }
    }

    @Test func byteByByteGivesTheSameRecords() {
        let bytes = Array("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}".utf8)
        let run = splitStream(chunked(bytes, size: 1), framing: .lines, emptyFinalCall: true)
        #expect(run.records.map(\.line) == [1, 3, 4])
        #expect(run.texts == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
    }

    @Test func overlongLineIsSkippedAndTheNextLineKeepsItsNumber() {
        let long = "{\"a\":\"" + String(repeating: "x", count: 200) + "\"}"
        let run = splitStream("{\"a\":1}\n\(long)\n{\"b\":2}\n", framing: .lines, maxRecordBytes: 64)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 3)])
        #expect(run.problems.map(\.kind) == [.tooLong])
        #expect(run.problems.first?.line == 2)
        #expect(run.problems.first?.message == "the line is 208 bytes long, over the limit of 64; skipped")
    }

    @Test func overlongLineAcrossManyCallsIsSkippedAndTheNextLineKeepsItsNumber() {
        let long = "{\"a\":\"" + String(repeating: "x", count: 1000) + "\"}"
        let bytes = Array("{\"a\":1}\n\n\(long)\n{\"b\":2}\n".utf8)
        for size in [7, 50, 64, 100, 333] {
            let run = splitStream(chunked(bytes, size: size), framing: .lines, maxRecordBytes: 64, emptyFinalCall: true)
            #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 4)])
            #expect(run.problems.map(\.kind) == [.tooLong], "chunks of \(size)")
            #expect(run.problems.first?.line == 3, "chunks of \(size)")
            #expect(run.problems.first?.message == "the line is 1008 bytes long, over the limit of 64; skipped")
            #expect(run.maxPending <= 64 + size, "chunks of \(size)")
        }
    }

    @Test(arguments: [false, true])
    func overlongLastLineWithoutNewlineIsReported(emptyFinalCall: Bool) {
        let long = "{\"a\":\"" + String(repeating: "x", count: 1000) + "\"}"
        let bytes = Array("{\"a\":1}\n\(long)".utf8)
        let run = splitStream(
            chunked(bytes, size: 100), framing: .lines, maxRecordBytes: 64, emptyFinalCall: emptyFinalCall)
        #expect(run.texts == ["{\"a\":1}"])
        #expect(run.problems.map(\.kind) == [.tooLong])
        #expect(run.problems.first?.line == 2)
    }

    @Test func lineOfExactlyTheLimitIsKept() {
        let record = "{\"a\":\"" + String(repeating: "x", count: 56) + "\"}"
        #expect(record.utf8.count == 64)
        let bytes = Array("\(record)\n\(record)\n".utf8)
        for size in [10, 64, 65, 200] {
            let run = splitStream(chunked(bytes, size: size), framing: .lines, maxRecordBytes: 64, emptyFinalCall: true)
            #expect(run.records == [SplitRecord(text: record, line: 1), SplitRecord(text: record, line: 2)], "\(size)")
            #expect(run.problems.isEmpty, "chunks of \(size)")
        }
    }

    @Test func tenMegabyteLineWithTheDefaultLimit() {
        let long = "{\"a\":\"" + String(repeating: "x", count: 10_000_000) + "\"}"
        let bytes = Array("{\"a\":1}\n\(long)\n{\"b\":2}\n".utf8)
        // The reader's chunk size: 4 MiB.
        let run = splitStream(chunked(bytes, size: 4 << 20), framing: .lines, emptyFinalCall: true)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 3)])
        #expect(run.problems.map(\.kind) == [.tooLong])
        #expect(run.problems.first?.line == 2)
        #expect(run.problems.first?.message == "the line is 10000008 bytes long, over the limit of 4194304; skipped")
    }

    @Test func invalidUTF8IsReportedWithItsLine() {
        var bytes = Array("{\"a\":1}\n{\"b\":\"".utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by an ASCII byte
        bytes += Array("\"}\n{\"c\":\"\u{e9}\"}\n".utf8)
        let run = splitStream([bytes], framing: .lines)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"c\":\"é\"}", line: 3)])
        #expect(run.problems.map(\.kind) == [.invalidUTF8])
        #expect(run.problems.first?.line == 2)
        #expect(run.problems.first?.message == "invalid UTF-8 at byte 7 of the event; skipped")
    }

    @Test(arguments: [
        [0xFF] as [UInt8], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ])
    func invalidUTF8Sequences(_ sequence: [UInt8]) {
        // Long enough that the eight-bytes-at-a-time ASCII path runs first.
        let bytes = Array("{\"padding\":\"abcdefgh\",\"x\":\"".utf8) + sequence + Array("\"}\n".utf8)
        let run = splitStream([bytes], framing: .lines)
        #expect(run.records.isEmpty)
        #expect(run.problems.map(\.kind) == [.invalidUTF8])
    }

    @Test(arguments: [
        [0xFF] as [UInt8], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ])
    func invalidUTF8AfterValidMultibyteText(_ sequence: [UInt8]) {
        // The check goes back to eight bytes at a time after each multi-byte sequence; the bad bytes come after
        // several of those stretches, at byte 48.
        let prefix = Array("{\"name\":\"Müller\",\"city\":\"Köln am Rhein\",\"x\":\"".utf8)
        let bytes = prefix + sequence + Array("\"}\n".utf8)
        let run = splitStream([bytes], framing: .lines)
        #expect(run.records.isEmpty)
        #expect(run.problems.map(\.message) == ["invalid UTF-8 at byte \(prefix.count + 1) of the event; skipped"])
    }

    @Test func validMultibyteUTF8IsKept() {
        let text = "{\"x\":\"Müller 日本 🚑 \u{10FFFF}\"}"
        let run = splitStream(text + "\n", framing: .lines)
        #expect(run.records == [SplitRecord(text: text, line: 1)])
        #expect(run.problems.isEmpty)
    }
}
