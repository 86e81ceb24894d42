import ArgumentParser
import Foundation
import TocsinCore
import TocsinDetection

/// Options shared by the commands that load rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Rule files or folders (one or more; repeatable). Replaces Tocsin's rule pack unless --with-pack is "
                + "given. Put input paths before it.",
            valueName: "path"))
    var rules: [String] = []

    @Flag(help: "Use Tocsin's rule pack as well as the --rules given (without --rules the pack is used anyway).")
    var withPack = false

    @Option(name: .long, help: ArgumentHelp("A processing pipeline YAML file instead of the built-in Windows one.", valueName: "file"))
    var pipeline: String?

    func loadPipeline() throws -> Pipeline {
        if let pipeline { return try Pipeline.load(from: URL(fileURLWithPath: pipeline)) }
        return try Pipeline.builtinWindows()
    }

    /// The rule paths given, the pack instead when none is given, or both with `--with-pack`.
    func rulePaths() throws -> [String] {
        try RulePack.rulePaths(given: rules, withPack: withPack)
    }
}

extension Level: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.description) }
}

/// Whether a file descriptor is a terminal.
func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
