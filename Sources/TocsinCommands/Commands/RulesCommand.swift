import ArgumentParser
import Foundation
import TocsinCore
import TocsinDetection

/// `tocsin rules`: work with rule files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check rule files.",
        subcommands: [RulesCheckCommand.self])
}

/// `tocsin rules check PATH…`: load rules and print why any is rejected.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load rules and print every problem, like a compiler.",
        discussion: """
            Without a path, checks Tocsin's own rule pack (the rules 'tocsin hunt' uses when given no --rules); \
            --with-pack checks the pack as well as the paths given. Correlation rules are checked too, and their \
            references to other rules resolved.
            Ends with a summary line: 'N rules: X loaded, Y rejected'. Exit status 0, or 1 with --strict when a \
            rule is rejected.
            """)

    @Argument(help: ArgumentHelp("Rule files or folders (default: Tocsin's rule pack).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Check Tocsin's rule pack as well as the paths given.")
    var withPack = false

    @Option(name: .long, help: ArgumentHelp("A processing pipeline YAML file instead of the built-in Windows one.", valueName: "file"))
    var pipeline: String?

    @Flag(help: "Also print warnings.")
    var warnings = false

    @Flag(help: "Exit with status 1 when a rule is rejected.")
    var strict = false

    func run() throws {
        let loaded = try pipeline.map { try Pipeline.load(from: URL(fileURLWithPath: $0)) } ?? Pipeline.builtinWindows()
        let rulePaths = try RulePack.rulePaths(given: paths, withPack: withPack)
        let ruleSet = RuleSetLoader.load(paths: rulePaths, pipeline: loaded)
        print(Self.report(ruleSet, warnings: warnings), terminator: "")
        if strict && ruleSet.rejectedCount > 0 { throw ExitCode(1) }
    }

    /// What `rules check` prints: each diagnostic (warnings only with `warnings`), then the summary line.
    static func report(_ ruleSet: LoadedRuleSet, warnings: Bool) -> String {
        var text = ""
        var warningCount = 0
        for diagnostic in ruleSet.diagnostics {
            if diagnostic.severity == .warning {
                warningCount += 1
                if !warnings { continue }
            }
            text += diagnostic.description + "\n"
        }
        text += "\(ruleSet.documentCount) rules: \(ruleSet.loadedCount) loaded, \(ruleSet.rejectedCount) rejected"
        if warningCount > 0 { text += ", \(warningCount) warnings" + (warnings ? "" : " (--warnings shows them)") }
        return text + "\n"
    }
}
