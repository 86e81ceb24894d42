import Foundation
import Testing
import TocsinCore

@testable import TocsinCommands

/// Bad input is reported with file and line, counted in `badRecords`, and the hunt goes on.
@Suite struct HuntBadInputTests {
    /// Hunts `files` with the test rules, after writing them with `write`.
    func huntAfter(
        maxRecordBytes: Int = 4 << 20, _ write: (TemporaryFolder) throws -> [String]
    ) throws -> HuntResult {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        return try hunt(try write(folder), rules: [rules], maxRecordBytes: maxRecordBytes)
    }

    @Test func malformedJSONLineIsReportedAndTheNextLinesRead() throws {
        var file = ""
        let result = try huntAfter { folder in
            file = try folder.write(
                "events.jsonl",
                [flatEvent("evil 1"), #"{"CommandLine": "evil", oops}"#, flatEvent("evil 3")].joined(separator: "\n"))
            return [file]
        }
        #expect(result.lines == [1, 3])
        #expect(result.summary.events == 2)
        #expect(result.summary.badRecords == 1)
        #expect(result.diagnostics.count == 1)
        let message = try #require(result.diagnostics.first)
        #expect(message.hasPrefix("\(file):2: error: malformed JSON: invalid JSON at byte "), "\(message)")
    }

    @Test func recordThatIsNotAnObjectOnALine() throws {
        var file = ""
        let result = try huntAfter { folder in
            file = try folder.write("events.jsonl", "[1, 2]\n\"text\"\n" + flatEvent("evil") + "\n")
            return [file]
        }
        #expect(result.lines == [3])
        #expect(result.summary.badRecords == 2)
        #expect(result.diagnostics.count == 2)
        #expect(result.diagnostics.allSatisfy { $0.contains(": error: malformed JSON: ") })
        #expect(result.diagnostics.first?.hasPrefix("\(file):1: ") == true)
        #expect(result.diagnostics.last?.hasPrefix("\(file):2: ") == true)
    }

    @Test func junkInAJSONFileIsReportedWithItsLine() throws {
        var file = ""
        let result = try huntAfter { folder in
            file = try folder.write(
                "events.json", "[\n" + flatEvent("evil") + ",\nnull,\n" + flatEvent("evil") + "\n]\n")
            return [file]
        }
        #expect(result.lines == [2, 4])
        #expect(result.summary.badRecords == 1)
        #expect(result.diagnostics == ["\(file):3: error: not a JSON object: expected a JSON object, found 'null,'"])
    }

    @Test func truncatedJSONFileIsReported() throws {
        var file = ""
        let result = try huntAfter { folder in
            file = try folder.write("events.json", "[\n" + flatEvent("evil") + ",\n{\"CommandLine\": \"evil")
            return [file]
        }
        #expect(result.lines == [2])
        #expect(result.summary.badRecords == 1)
        #expect(
            result.diagnostics == [
                "\(file):3: error: truncated input: the input ends inside an event that starts here"
            ])
    }

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        var file = ""
        let result = try huntAfter { folder in
            let bytes =
                Array((flatEvent("evil 1") + "\n").utf8) + Array(#"{"CommandLine":"evil "#.utf8) + [0xFE, 0xFF]
                + Array("\"}\n\(flatEvent("evil 3"))\n".utf8)
            file = try folder.write("events.jsonl", bytes: bytes)
            return [file]
        }
        #expect(result.lines == [1, 3])
        #expect(result.summary.badRecords == 1)
        #expect(
            result.diagnostics == [
                "\(file):2: error: invalid UTF-8: invalid UTF-8 at byte 22 of the event; skipped"
            ])
    }

    @Test func tenMegabyteLineIsSkippedWithTheDefaultLimit() throws {
        var file = ""
        let result = try huntAfter { folder in
            let long = #"{"CommandLine":"evil "# + String(repeating: "x", count: 10_000_000) + #""}"#
            file = try folder.write(
                "events.jsonl", [flatEvent("evil 1"), long, flatEvent("evil 3")].joined(separator: "\n"))
            return [file]
        }
        #expect(result.lines == [1, 3])
        #expect(result.summary.events == 2)
        #expect(result.summary.badRecords == 1)
        #expect(
            result.diagnostics == [
                "\(file):2: error: event too long: the line is 10000023 bytes long, over the limit of 4194304; skipped"
            ])
    }

    @Test func zeroFilledBlockAfterTheFirstReadIsOneBadLine() throws {
        // Past the first 4 MiB read, as a log file damaged by a crash can be.
        var file = ""
        let filler = flatEvent("calc " + String(repeating: "y", count: 100))
        let before = Array(repeating: filler, count: 40_000).joined(separator: "\n") + "\n"
        let result = try huntAfter { folder in
            let bytes = Array(before.utf8) + [UInt8](repeating: 0, count: 4096) + Array("\n\(flatEvent("evil"))\n".utf8)
            file = try folder.write("events.jsonl", bytes: bytes)
            return [file]
        }
        #expect(before.utf8.count > 4 << 20)
        #expect(result.lines == [40_002])
        #expect(result.summary.events == 40_001)
        #expect(result.summary.badRecords == 1)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.hasPrefix("\(file):40001: error: malformed JSON: ") == true)
    }

    @Test func emptyFileIsReportedAndTheOtherFilesRead() throws {
        var empty = ""
        let result = try huntAfter { folder in
            empty = try folder.write("a-empty.jsonl", "")
            return [empty, try folder.write("b.jsonl", flatEvent("evil") + "\n")]
        }
        #expect(result.lines == [1])
        #expect(result.summary.files == 2)
        #expect(result.summary.badRecords == 1)
        #expect(result.diagnostics == ["\(empty): error: empty input: the input is empty"])
    }

    @Test func binaryFileIsSkippedAndTheOtherFilesRead() throws {
        var binary = ""
        let result = try huntAfter { folder in
            var bytes: [UInt8] = Array("{\"CommandLine\":\"evil\"}\n".utf8)
            bytes += (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            binary = try folder.write("a-binary.jsonl", bytes: bytes)
            return [binary, try folder.write("b.jsonl", flatEvent("evil") + "\n")]
        }
        #expect(result.records.compactMap { $0["file"] as? String }.allSatisfy { !$0.hasSuffix("a-binary.jsonl") })
        #expect(result.lines == [1])
        #expect(result.summary.badRecords == 1)
        #expect(result.diagnostics == ["\(binary): error: binary data: binary data, not JSON text; file skipped"])
    }

    @Test func truncatedGzipKeepsTheEventsBeforeTheCut() throws {
        var (cut, next) = ("", "")
        let lines = (1...20_000).map {
            flatEvent($0 == 1 ? "evil first" : "benign \($0) " + String($0 * 7919, radix: 36))
        }
        let result = try huntAfter { folder in
            let compressed = try gzip(Array((lines.joined(separator: "\n") + "\n").utf8))
            cut = try folder.write("a-cut.jsonl.gz", bytes: Array(compressed.prefix(compressed.count / 2)))
            next = try folder.write("b.jsonl", flatEvent("evil") + "\n")
            return [cut, next]
        }
        // The event before the cut and the event of the next file are both found.
        #expect(
            result.records.map { "\($0["file"] as? String ?? "?"):\($0["line"] as? Int ?? 0)" } == [
                "\(cut):1", "\(next):1",
            ])
        #expect(result.summary.events > 1000)
        #expect(result.summary.events < 20_000)
        #expect(result.summary.badRecords >= 1)
        let gzipProblem = try #require(
            result.diagnostics.first { $0.hasPrefix("\(cut): error: truncated input: gzip data is") },
            "\(result.diagnostics)")
        // zlib's name for the descriptor ("<fd:7>") means nothing to the reader.
        #expect(
            gzipProblem
                == "\(cut): error: truncated input: gzip data is damaged or cut short (unexpected end of file); "
                + "events before it were read")
    }

    @Test func damagedGzipHeaderIsReported() throws {
        var damaged = ""
        let result = try huntAfter { folder in
            damaged = try folder.write("a.jsonl.gz", bytes: [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF])
            return [damaged, try folder.write("b.jsonl", flatEvent("evil") + "\n")]
        }
        #expect(result.lines == [1])
        #expect(result.summary.badRecords >= 1)
        #expect(result.diagnostics.contains { $0.hasPrefix("\(damaged): error: ") }, "\(result.diagnostics)")
    }

    @Test(arguments: [false, true])
    func utf8ByteOrderMarkIsNotPartOfTheFirstEvent(compressed: Bool) throws {
        let result = try huntAfter { folder in
            let bytes: [UInt8] =
                [0xEF, 0xBB, 0xBF] + Array("\(flatEvent("evil 1"))\r\n\(flatEvent("evil 2"))\r\n".utf8)
            return [
                compressed
                    ? try folder.writeGzip("bom.jsonl.gz", bytes: bytes) : try folder.write("bom.jsonl", bytes: bytes)
            ]
        }
        #expect(result.lines == [1, 2])
        #expect(result.summary.badRecords == 0)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func utf8ByteOrderMarkBeforeAJSONArray() throws {
        let result = try huntAfter { folder in
            [try folder.write("bom.json", bytes: [0xEF, 0xBB, 0xBF] + Array("[\n\(flatEvent("evil"))\n]".utf8))]
        }
        #expect(result.lines == [2])
        #expect(result.summary.badRecords == 0)
    }

    @Test func utf16FileIsSkippedWithAMessageThatSaysSo() throws {
        var utf16 = ""
        let result = try huntAfter { folder in
            var bytes: [UInt8] = [0xFF, 0xFE]
            for unit in "[\(flatEvent("evil"))]\r\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            utf16 = try folder.write("a-utf16.json", bytes: bytes)
            return [utf16, try folder.write("b.jsonl", flatEvent("evil") + "\n")]
        }
        #expect(result.lines == [1])
        #expect(result.summary.badRecords == 1)
        #expect(
            result.diagnostics == [
                "\(utf16): error: invalid UTF-8: UTF-16 text (it starts with a UTF-16 byte order mark), but events "
                    + "must be UTF-8; file skipped (convert it, e.g. iconv -f UTF-16 -t UTF-8)"
            ])
    }

    @Test func onlyTheFirstProblemsArePrintedButAllAreCounted() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write(
            "events.jsonl", (Array(repeating: "{oops}", count: 15) + [flatEvent("evil")]).joined(separator: "\n"))
        let ruleSet = RuleSetLoader.load(paths: [rules], pipeline: try .builtinWindows())
        let collector = LineCollector()
        let options = HuntOptions(inputs: [file], outputPath: folder.path + "/out.jsonl", problemsShown: 10)
        let summary = try HuntRunner(
            engine: ruleSet.engine, options: options, diagnostics: { collector.lines.append($0) }
        )
        .run()
        #expect(summary.badRecords == 15)
        #expect(summary.detections == 1)
        #expect(collector.lines.count == 11)
        #expect(collector.lines.first?.hasPrefix("\(file):1: error: malformed JSON: ") == true)
        #expect(collector.lines.last == "… 5 more input problems not shown")
    }
}
