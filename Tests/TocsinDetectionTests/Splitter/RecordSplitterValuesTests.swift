import Testing
import TocsinDetection

/// `values` framing: JSON objects one after another, pretty-printed or in one top-level array (`.json` files).
@Suite struct RecordSplitterValuesTests {
    static let pretty = """
        {
          "a": 1,
          "b": {"c": [1, 2]}
        }
        {
          "d": "e"
        }

        """

    @Test func prettyPrintedObjectsBackToBack() {
        let run = splitStream(Self.pretty, framing: .values)
        #expect(
            run.records == [
                SplitRecord(text: "{\n  \"a\": 1,\n  \"b\": {\"c\": [1, 2]}\n}", line: 1),
                SplitRecord(text: "{\n  \"d\": \"e\"\n}", line: 5),
            ])
        #expect(run.problems.isEmpty)
    }

    @Test func objectsOnOneLineWithoutSeparator() {
        let run = splitStream("{\"a\":1}{\"b\":2} {\"c\":3}", framing: .values)
        #expect(run.texts == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(run.records.map(\.line) == [1, 1, 1])
    }

    @Test func topLevelArrayOfObjects() {
        let text = "[\n  {\"a\": [1, {\"n\": 2}]},\n  {\"b\": 2}\n  ,\n  {\"c\": 3}\n]\n"
        let run = splitStream(text, framing: .values)
        #expect(
            run.records == [
                SplitRecord(text: "{\"a\": [1, {\"n\": 2}]}", line: 2), SplitRecord(text: "{\"b\": 2}", line: 3),
                SplitRecord(text: "{\"c\": 3}", line: 5),
            ])
        #expect(run.problems.isEmpty)
    }

    @Test func singleObject() {
        let run = splitStream("{\"a\": 1}", framing: .values)
        #expect(run.records == [SplitRecord(text: "{\"a\": 1}", line: 1)])
    }

    @Test func bracesAndQuotesInsideStrings() {
        let first = #"{"cmd": "echo } ] { [ , 'x'", "k}": "{"}"#
        let second = #"{"path": "C:\\Temp\\", "q": "say \"}\" now", "u": "\u0022}"}"#
        let run = splitStream(first + "\n" + second + "\n", framing: .values)
        #expect(run.records == [SplitRecord(text: first, line: 1), SplitRecord(text: second, line: 2)])
        #expect(run.problems.isEmpty)
    }

    @Test func escapedBackslashBeforeClosingQuote() {
        // `\\"` ends the string: the backslash is escaped, not the quote.
        let record = #"{"a": "x\\", "b": "}"}"#
        let run = splitStream(record + "{\"c\":1}", framing: .values)
        #expect(run.texts == [record, "{\"c\":1}"])
    }

    @Test func junkBetweenObjectsIsReportedWithItsLine() {
        let text = "{\"a\":1}\nnot json at all\n{\"b\":2}\n42\n{\"c\":3}"
        let run = splitStream(text, framing: .values)
        #expect(
            run.records == [
                SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 3),
                SplitRecord(text: "{\"c\":3}", line: 5),
            ])
        #expect(run.problems.map(\.kind) == [.notAnObject, .notAnObject])
        #expect(run.problems.map(\.line) == [2, 4])
        #expect(run.problems.first?.message == "expected a JSON object, found 'not json at all'")
    }

    @Test func junkAtTheEndWithoutNewline() {
        let run = splitStream(
            [Array("{\"a\":1}\n".utf8), Array("garbage".utf8)], framing: .values, emptyFinalCall: true)
        #expect(run.texts == ["{\"a\":1}"])
        #expect(run.problems.map(\.kind) == [.notAnObject])
        #expect(run.problems.first?.line == 2)
        #expect(run.problems.first?.message == "expected a JSON object, found 'garbage'")
    }

    @Test(arguments: [false, true])
    func truncatedFinalObject(emptyFinalCall: Bool) {
        let text = "{\"a\":1}\n{\n  \"b\": \"cut"
        let run = splitStream([Array(text.utf8)], framing: .values, emptyFinalCall: emptyFinalCall)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1)])
        #expect(run.problems.map(\.kind) == [.truncated])
        #expect(run.problems.first?.line == 2)
        #expect(run.problems.first?.message == "the input ends inside an event that starts here")
    }

    @Test func invalidUTF8IsReportedWithTheLineTheObjectStartsOn() {
        let bytes = Array("{\"a\":1}\n{\n  \"b\": \"".utf8) + [0xFF] + Array("\"\n}\n{\"c\":3}\n".utf8)
        let run = splitStream([bytes], framing: .values)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"c\":3}", line: 5)])
        #expect(run.problems.map(\.kind) == [.invalidUTF8])
        #expect(run.problems.first?.line == 2)
    }

    @Test func everyCutPointGivesTheSameRecords() {
        let text =
            "[\n  {\n    \"a\": \"}{\\\"\",\n    \"b\": [1, {\"c\": \"é\"}]\n  },\n  {\"d\": 4}\n]\n"
            + "oops\n{\"e\": 5}"
        let bytes = Array(text.utf8)
        let whole = splitStream([bytes], framing: .values)
        #expect(whole.records.map(\.line) == [2, 6, 9])
        #expect(whole.problems.map(\.line) == [8])
        for cut in 0...bytes.count {
            for emptyFinalCall in [false, true] {
                let run = splitStream(
                    [Array(bytes[..<cut]), Array(bytes[cut...])], framing: .values, emptyFinalCall: emptyFinalCall)
                #expect(run.records == whole.records, "cut at byte \(cut)")
                #expect(run.problems == whole.problems, "cut at byte \(cut)")
            }
        }
    }

    @Test func byteByByteGivesTheSameRecords() {
        let bytes = Array(Self.pretty.utf8)
        let run = splitStream(chunked(bytes, size: 1), framing: .values, emptyFinalCall: true)
        #expect(run.records == splitStream(Self.pretty, framing: .values).records)
        #expect(run.problems.isEmpty)
    }

    @Test func overlongObjectInOneBufferIsSkipped() {
        let long = "{\"a\": \"" + String(repeating: "x", count: 200) + "\"}"
        let run = splitStream("{\"a\":1}\n\(long)\n{\"b\":2}\n", framing: .values, maxRecordBytes: 64)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 3)])
        #expect(run.problems.map(\.kind) == [.tooLong])
        #expect(run.problems.first?.line == 2)
    }

    @Test func overlongObjectAcrossCallsIsSkippedAndLinesStayRight() {
        let long = "{\n  \"a\": \"" + String(repeating: "x", count: 1000) + "\",\n  \"b\": \"}\"\n}"
        let bytes = Array("{\"a\":1}\n\(long)\n{\"b\":2}\n".utf8)
        for size in [7, 50, 100, 333] {
            let run = splitStream(
                chunked(bytes, size: size), framing: .values, maxRecordBytes: 64, emptyFinalCall: true)
            #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 6)])
            #expect(run.problems.map(\.kind) == [.tooLong], "chunks of \(size)")
            #expect(run.problems.first?.line == 2, "chunks of \(size)")
            #expect(
                run.problems.first?.message
                    == "the event is \(long.utf8.count) bytes long, over the limit of 64; skipped", "chunks of \(size)")
        }
    }

    @Test(arguments: [false, true])
    func overlongTruncatedFinalObjectIsReported(emptyFinalCall: Bool) {
        let bytes = Array(("{\"a\":1}\n{\"b\": \"" + String(repeating: "x", count: 1000)).utf8)
        let run = splitStream(
            chunked(bytes, size: 100), framing: .values, maxRecordBytes: 64, emptyFinalCall: emptyFinalCall)
        #expect(run.texts == ["{\"a\":1}"])
        #expect(run.problems.map(\.kind) == [.truncated])
        #expect(run.problems.first?.line == 2)
    }

    @Test func longJunkLineIsReportedOnceAndNotBuffered() {
        let junk = "[" + Array(repeating: "1", count: 2000).joined(separator: ",") + "]"
        let bytes = Array("{\"a\":1}\n\(junk)\n{\"b\":2}\n".utf8)
        for size in [7, 50, 100, 333] {
            let run = splitStream(
                chunked(bytes, size: size), framing: .values, maxRecordBytes: 64, emptyFinalCall: true)
            #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 3)])
            #expect(run.problems.map(\.kind) == [.notAnObject], "chunks of \(size)")
            #expect(run.problems.first?.line == 2, "chunks of \(size)")
            #expect(run.maxPending <= 64 + size, "chunks of \(size)")
        }
    }

    @Test func pendingBytesStayBoundedForAnOverlongObject() {
        let long = "{\"a\": \"" + String(repeating: "x", count: 5000) + "\"}"
        let run = splitStream(chunked(Array(long.utf8), size: 100), framing: .values, maxRecordBytes: 256)
        #expect(run.problems.map(\.kind) == [.tooLong])
        #expect(run.maxPending <= 256 + 100)
    }

    @Test func tenMegabyteObjectWithTheDefaultLimit() {
        let long = "{\"a\": \"" + String(repeating: "x", count: 10_000_000) + "\"}"
        let bytes = Array("[{\"a\":1},\n\(long),\n{\"b\":2}]\n".utf8)
        let run = splitStream(chunked(bytes, size: 4 << 20), framing: .values, emptyFinalCall: true)
        #expect(run.records == [SplitRecord(text: "{\"a\":1}", line: 1), SplitRecord(text: "{\"b\":2}", line: 3)])
        #expect(run.problems.map(\.kind) == [.tooLong])
        #expect(run.problems.first?.line == 2)
    }
}
