import Foundation
import Testing
import TocsinCore

@testable import TocsinCommands

/// `tocsin hunt` reads JSONL, NDJSON and JSON files, gzip-compressed or not, and folders.
@Suite struct HuntInputFormatTests {
    /// Five events on five lines: evil on lines 2 and 5, odd on line 4.
    static let jsonl =
        [
            flatEvent("calc.exe"), flatEvent("evil.exe -x", host: "WS2"), flatEvent("notepad.exe"),
            flatEvent("odd.exe"),
            flatEvent("more evil", time: "2026-01-02T03:04:09Z"),
        ].joined(separator: "\n") + "\n"

    /// The same events as a pretty-printed JSON array: each starts on a line of its own.
    static let jsonArray = """
        [
          {
            "timestamp": "2026-01-02T03:04:05Z",
            "CommandLine": "calc.exe"
          },
          {
            "timestamp": "2026-01-02T03:04:06Z",
            "CommandLine": "evil.exe -x"
          },
          {"CommandLine": "odd.exe"}
        ]

        """

    @Test(arguments: ["events.jsonl", "events.ndjson", "events.JSONL", "events.jsonl.gz", "events.ndjson.gz"])
    func linesFiles(name: String) throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file =
            name.hasSuffix(".gz")
            ? try folder.writeGzip(name, Self.jsonl) : try folder.write(name, Self.jsonl)
        let result = try hunt([file], rules: [rules])
        #expect(result.lines == [2, 4, 5])
        #expect(result.ruleIDs == [TestRule.evil, TestRule.odd, TestRule.evil])
        #expect(result.summary.events == 5)
        #expect(result.summary.files == 1)
        #expect(result.summary.badRecords == 0)
        #expect(result.diagnostics.isEmpty)
    }

    @Test(arguments: [false, true])
    func jsonSingleObject(compressed: Bool) throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let text = "{\n  \"host\": \"WS9\",\n  \"CommandLine\": \"evil\"\n}\n"
        let file = compressed ? try folder.writeGzip("one.json.gz", text) : try folder.write("one.json", text)
        let result = try hunt([file], rules: [rules])
        #expect(result.lines == [1])
        #expect(result.records.first?["host"] as? String == "WS9")
        #expect(result.summary.events == 1)
        #expect(result.summary.badRecords == 0)
    }

    @Test(arguments: [false, true])
    func jsonArray(compressed: Bool) throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file =
            compressed
            ? try folder.writeGzip("array.json.gz", Self.jsonArray) : try folder.write("array.json", Self.jsonArray)
        let result = try hunt([file], rules: [rules])
        #expect(result.lines == [6, 10])
        #expect(result.ruleIDs == [TestRule.evil, TestRule.odd])
        #expect(result.records.first?["timestamp"] as? String == "2026-01-02T03:04:06Z")
        #expect(result.summary.events == 3)
        #expect(result.summary.badRecords == 0)
    }

    @Test(arguments: [false, true])
    func jsonPrettyPrintedBackToBack(compressed: Bool) throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let text =
            "{\n  \"CommandLine\": \"odd }\"\n}\n{\n  \"CommandLine\": \"evil {\"\n}{\"CommandLine\": \"evil\"}\n"
        let file = compressed ? try folder.writeGzip("pretty.json.gz", text) : try folder.write("pretty.json", text)
        let result = try hunt([file], rules: [rules])
        #expect(result.lines == [1, 4, 6])
        #expect(result.ruleIDs == [TestRule.odd, TestRule.evil, TestRule.evil])
        #expect(result.summary.events == 3)
    }

    @Test func gzipIsRecognisedByItsBytesNotItsName() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.writeGzip("compressed-but-named.jsonl", Self.jsonl)
        let result = try hunt([file], rules: [rules])
        #expect(result.lines == [2, 4, 5])
    }

    @Test func largeGzipFileAcrossManyChunks() throws {
        // More than one 4 MiB read of decompressed data, so events straddle reads.
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let filler = flatEvent("benign " + String(repeating: "y", count: 200))
        var lines = Array(repeating: filler, count: 30_000)
        lines[0] = flatEvent("evil first")
        lines[19_999] = flatEvent("evil middle")
        lines[29_999] = flatEvent("evil last")
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 6 << 20)
        let file = try folder.writeGzip("big.jsonl.gz", text)
        let result = try hunt([file], rules: [rules])
        #expect(result.lines == [1, 20_000, 30_000])
        #expect(result.summary.events == 30_000)
        #expect(result.summary.badRecords == 0)
    }

    @Test func folderIsSearchedRecursivelyAndOtherFilesSkipped() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        try folder.write("logs/a.jsonl", flatEvent("evil a") + "\n")
        try folder.write("logs/deeper/still/b.ndjson", "\n" + flatEvent("evil b") + "\n")
        try folder.write("logs/deeper/c.json", "[\n" + flatEvent("odd c") + "]")
        try folder.writeGzip("logs/deeper/d.jsonl.gz", flatEvent("evil d") + "\n")
        try folder.write("logs/readme.txt", flatEvent("evil in a text file") + "\n")
        try folder.write("logs/events.csv", "evil,evil\n")
        try folder.write("logs/rule.yml", "title: evil\n")
        try folder.write("logs/deeper/notes.md", "# evil\n")
        let result = try hunt([folder.path + "/logs"], rules: [rules])
        let logs = folder.path + "/logs/"
        #expect(
            result.records.compactMap { $0["file"] as? String } == [
                logs + "a.jsonl", logs + "deeper/c.json", logs + "deeper/d.jsonl.gz", logs + "deeper/still/b.ndjson",
            ])
        #expect(result.lines == [1, 2, 1, 2])
        #expect(result.summary.files == 4)
        #expect(result.summary.events == 4)
        #expect(result.summary.badRecords == 0)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func missingInputIsReportedAndTheOthersAreRead() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let file = try folder.write("a.jsonl", flatEvent("evil") + "\n")
        let missing = folder.path + "/nope.jsonl"
        let result = try hunt([missing, file], rules: [rules])
        #expect(result.lines == [1])
        #expect(result.summary.badRecords == 1)
        #expect(result.diagnostics == ["\(missing): error: unreadable: no such file or folder"])
    }

    @Test func packDetectsEighteenSampleEvents() throws {
        let result = try hunt([sampleEvents], rules: [try packRules()])
        #expect(result.summary.events == 36)
        #expect(result.summary.badRecords == 0)
        // Detections in input order, then the correlation alerts (in event-time order).
        #expect(result.lines == [6, 7, 8, 9, 11, 12, 13, 14, 15, 17, 19, 20, 21, 22, 23, 24, 34, 8])
        #expect(result.summary.detections == 18)
        #expect(result.summary.suppressed == 12)
        #expect(result.summary.highestLevel == .critical)
        let levels = result.records.compactMap { $0["level"] as? String }
        #expect(
            levels == [
                "high", "high", "critical", "high", "high", "medium", "high", "high", "high", "high", "high", "high",
                "critical", "high", "high", "high", "high", "informational",
            ])
        let correlations = result.records.compactMap { $0["correlation"] as? [String: Any] }
        #expect(correlations.map { $0["type"] as? String } == ["value_count", "temporal"])
        #expect(result.records.allSatisfy { $0["file"] as? String == sampleEvents })
    }

    @Test(arguments: [1, 2, 4])
    func detectionsAreInInputOrderWhateverTheThreads(workers: Int) throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let lines = (1...2000).map { $0 % 7 == 0 ? flatEvent("evil \($0)") : flatEvent("calc \($0)") }
        let file = try folder.write("many.jsonl", lines.joined(separator: "\n"))
        let result = try hunt([file], rules: [rules], workers: workers)
        #expect(result.lines == Array(stride(from: 7, through: 2000, by: 7)))
    }
}
