import Foundation
import Testing
import TocsinCore
import TocsinDetection

@testable import TocsinCommands

/// `tocsin` through `TocsinCommand.runMain`: exit statuses and the text of `rules check`.
@Suite struct CommandLineTests {
    /// The pack rule that finds the cleared Security log (level high).
    func logClearedRule() throws -> String {
        try packRules() + "/windows/defense-evasion/event_log_cleared.yml"
    }

    @Test(arguments: [
        ["hunt"],
        ["hunt", "--bogus", sampleEvents],
        ["hunt", sampleEvents, "--min-level", "severe"],
        ["hunt", sampleEvents, "--fail-level", "bad"],
        ["hunt", sampleEvents, "--format", "xml"],
        ["hunt", sampleEvents, "--threads", "0"],
        ["hunt", sampleEvents, "--max-event-bytes", "10"],
        ["hunt", sampleEvents, "--correlation-groups", "0"],
        ["hunt", sampleEvents, "--correlation-window-events", "0"],
        ["hunt", "/nonexistent/events.jsonl"],
        ["hunt", sampleEvents, "/nonexistent/more-events"],
        ["frobnicate"],
        ["rules", "check", "--bogus"],
    ])
    func usageErrorsExitWithTwo(arguments: [String]) {
        #expect(TocsinCommand.runMain(arguments) == 2)
    }

    @Test(arguments: [
        ["--help"], ["--version"], ["hunt", "--help"], ["rules", "check", "--help"], ["user", "add", "--help"],
        ["user", "passwd", "--help"],
    ])
    func helpAndVersionExitWithZero(arguments: [String]) {
        #expect(TocsinCommand.runMain(arguments) == 0)
    }

    /// Writing detections to a device writes to it: it is not replaced by a regular file.
    @Test func outputToDevNullLeavesTheDevice() throws {
        #expect(TocsinCommand.runMain(["hunt", sampleEvents, "-o", "/dev/null"]) == 0)
        var info = stat()
        #expect(stat("/dev/null", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFCHR, "/dev/null is no longer a character device")
    }

    @Test func huntWithoutFailLevelExitsWithZero() throws {
        let folder = try TemporaryFolder()
        let output = folder.path + "/out.jsonl"
        #expect(TocsinCommand.runMain(["hunt", sampleEvents, "-o", output]) == 0)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 18)
    }

    @Test(arguments: [("informational", 1), ("medium", 1), ("high", 1), ("critical", 1)] as [(String, Int32)])
    func failLevelReachedOnTheSamples(level: String, status: Int32) throws {
        // The samples hold detections up to critical (LSASS dump, shadow copies deleted).
        let folder = try TemporaryFolder()
        #expect(
            TocsinCommand.runMain(["hunt", sampleEvents, "-o", folder.path + "/out.jsonl", "--fail-level", level])
                == status)
    }

    @Test func failLevelCriticalNotReachedWhenOnlyHighRulesFire() throws {
        let folder = try TemporaryFolder()
        let output = folder.path + "/out.jsonl"
        let arguments = ["hunt", sampleEvents, "-o", output, "--rules", try logClearedRule()]
        #expect(TocsinCommand.runMain(arguments + ["--fail-level", "critical"]) == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 1)
        #expect(TocsinCommand.runMain(arguments + ["--fail-level", "high"]) == 1)
    }

    @Test func failLevelAppliesAfterMinLevel() throws {
        let folder = try TemporaryFolder()
        let output = folder.path + "/out.jsonl"
        // --min-level critical hides the high detections; what is left is critical.
        let arguments = ["hunt", sampleEvents, "-o", output, "--min-level", "critical", "--fail-level", "high"]
        #expect(TocsinCommand.runMain(arguments) == 1)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2)
        #expect(!text.contains("\"level\":\"high\""))
    }

    @Test func failLevelNotReachedWithoutDetections() throws {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let arguments = [
            "hunt", sampleEvents, "-o", folder.path + "/out.jsonl", "--rules", rules, "--fail-level", "low",
        ]
        #expect(TocsinCommand.runMain(arguments) == 0)
    }

    @Test func huntWithNoLoadableRuleIsAnErrorNotADetection() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/bad.yml", "title: [unclosed\n")
        let arguments = [
            "hunt", sampleEvents, "-o", folder.path + "/out.jsonl", "--rules", folder.path + "/rules", "--fail-level",
            "high",
        ]
        // 1 means "fail level reached"; a hunt that could not run must not look like one.
        #expect(TocsinCommand.runMain(arguments) == 2)
    }

    @Test func outputFileThatCannotBeCreatedIsAnError() {
        let arguments = ["hunt", sampleEvents, "-o", "/nonexistent-folder/out.jsonl", "--fail-level", "high"]
        #expect(TocsinCommand.runMain(arguments) == 2)
    }

    @Test func errorsThatStopACommandReadLikeACompilersMessage() {
        #expect(
            TocsinCommand.errorLine(for: HuntError(message: "no rule loaded from rules/"))
                == "error: no rule loaded from rules/ [T300]")
    }

    /// A folder with one good and one bad rule (an unknown modifier on line 8, column 9).
    func mixedRules() throws -> (TemporaryFolder, good: String, bad: String) {
        let folder = try TemporaryFolder()
        let good = try folder.write(
            "rules/good.yml", flatRule(id: TestRule.evil, title: "Evil Command", level: "high", contains: "evil"))
        let bad = try folder.write(
            "rules/bad.yml",
            flatRule(id: TestRule.odd, title: "Bad", level: "low", contains: "odd")
                .replacingOccurrences(of: "CommandLine|contains:", with: "CommandLine|containz:"))
        return (folder, good, bad)
    }

    @Test func rulesCheckReportsLikeACompiler() throws {
        let (folder, _, bad) = try mixedRules()
        let ruleSet = RuleSetLoader.load(paths: [folder.path + "/rules"], pipeline: try .builtinWindows())
        #expect(
            RulesCheckCommand.report(ruleSet, warnings: false) == """
                \(bad):8:9: error: unknown modifier 'containz' [T105] (rule \(TestRule.odd))
                  hint: did you mean 'contains'?
                2 rules: 1 loaded, 1 rejected

                """)
    }

    @Test func rulesCheckSummaryOfGoodRules() throws {
        let ruleSet = RuleSetLoader.load(paths: [try packRules() + "/windows/impact"], pipeline: try .builtinWindows())
        #expect(RulesCheckCommand.report(ruleSet, warnings: true) == "7 rules: 7 loaded, 0 rejected\n")
    }

    @Test func rulesCheckReportsAMissingPath() throws {
        let folder = try TemporaryFolder()
        let missing = folder.path + "/missing"
        let ruleSet = RuleSetLoader.load(paths: [missing], pipeline: try .builtinWindows())
        #expect(
            RulesCheckCommand.report(ruleSet, warnings: false)
                == "\(missing): error: no such file or folder [T001]\n0 rules: 0 loaded, 0 rejected\n")
    }

    @Test func rulesCheckExitStatus() throws {
        let (folder, _, _) = try mixedRules()
        let rules = folder.path + "/rules"
        #expect(TocsinCommand.runMain(["rules", "check", rules]) == 0)
        #expect(TocsinCommand.runMain(["rules", "check", "--strict", rules]) == 1)
        #expect(TocsinCommand.runMain(["rules", "check", "--strict", rules + "/good.yml"]) == 0)
    }
}
