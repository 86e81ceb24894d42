import Foundation
import Testing
import TocsinCore
import TocsinDetection

@testable import TocsinCommands

/// How the command line chooses between the pack and `--rules`, and what its help says about it.
@Suite struct RulePackCommandLineTests {
    @Test func withoutRulesThePackIsUsed() throws {
        let pack = try #require(RulePack.path)
        #expect(try RuleOptions.parse([]).rulePaths() == [pack])
        #expect(try RuleOptions.parse(["--with-pack"]).rulePaths() == [pack])
    }

    @Test func rulesReplaceThePackAndWithPackAddsIt() throws {
        let pack = try #require(RulePack.path)
        #expect(try RuleOptions.parse(["--rules", "a", "b"]).rulePaths() == ["a", "b"])
        #expect(try RuleOptions.parse(["--rules", "a", "--with-pack"]).rulePaths() == ["a", pack])
        #expect(try RuleOptions.parse(["--with-pack", "--rules", "a", "--rules", "b"]).rulePaths() == ["a", "b", pack])
        // The pack named explicitly is not loaded twice.
        #expect(try RuleOptions.parse(["--rules", pack + "/", "--with-pack"]).rulePaths() == [pack + "/"])
    }

    /// Hunts a file holding one "evil" flat event and the samples, and returns the rule ids that fired.
    func firedRules(_ extra: [String]) throws -> Set<String> {
        let folder = try TemporaryFolder()
        let rules = try writeTestRules(in: folder)
        let events = try folder.write("events.jsonl", flatEvent("evil") + "\n")
        let output = folder.path + "/out.jsonl"
        let arguments = ["hunt", events, sampleEvents, "-o", output] + extra.map { $0 == "TEST-RULES" ? rules : $0 }
        #expect(TocsinCommand.runMain(arguments) == 0)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        return Set(
            text.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["rule_id"] as? String
            })
    }

    /// The pack rule that fires on the samples' shadow-copy deletion.
    let shadowCopyRule = "6f1c0d5e-2b7a-4a51-9a43-1d2f0c7b9e01"

    @Test func huntUsesThePackReplacesItOrAddsToIt() throws {
        let packOnly = try firedRules([])
        #expect(packOnly.contains(shadowCopyRule))
        #expect(!packOnly.contains(TestRule.evil))

        #expect(try firedRules(["--rules", "TEST-RULES"]) == [TestRule.evil])

        let both = try firedRules(["--rules", "TEST-RULES", "--with-pack"])
        #expect(both == packOnly.union([TestRule.evil]))
    }

    @Test func huntHelpExplainsThePackAndWithPack() {
        let help = TocsinCommand.helpMessage(for: HuntCommand.self, columns: 1000)
        #expect(
            help.contains(
                "Rules: without --rules, Tocsin's own rule pack is used (shipped with Tocsin; rules/ in the source "
                    + "tree). --rules PATH… replaces the pack; --rules PATH… --with-pack hunts with both."))
        #expect(
            help.contains(
                "Rule files or folders (one or more; repeatable). Replaces Tocsin's rule pack unless --with-pack is "
                    + "given. Put input paths before it."))
        #expect(help.contains("--with-pack"))
        #expect(
            help.contains(
                "Use Tocsin's rule pack as well as the --rules given (without --rules the pack is used anyway)."))
    }

    @Test func rulesCheckHelpExplainsThePackAndWithPack() {
        let help = TocsinCommand.helpMessage(for: RulesCheckCommand.self, columns: 1000)
        #expect(
            help.contains(
                "Without a path, checks Tocsin's own rule pack (the rules 'tocsin hunt' uses when given no --rules); "
                    + "--with-pack checks the pack as well as the paths given."))
        #expect(help.contains("Rule files or folders (default: Tocsin's rule pack)."))
        #expect(help.contains("Check Tocsin's rule pack as well as the paths given."))
    }

    @Test func rulesCheckWithoutAPathChecksThePack() throws {
        #expect(TocsinCommand.runMain(["rules", "check"]) == 0)
        #expect(TocsinCommand.runMain(["rules", "check", "--strict"]) == 0)
        let impact = try packRules() + "/windows/impact"
        #expect(TocsinCommand.runMain(["rules", "check", "--strict", impact]) == 0)
        let withPack = TocsinCommand.runMain(["rules", "check", "--strict", impact, "--with-pack"])
        #expect(withPack == 0)
    }

}
