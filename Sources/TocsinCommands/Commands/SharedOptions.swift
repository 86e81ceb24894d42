import ArgumentParser
import Foundation
import TocsinCore
import TocsinDetection

/// Options shared by the commands that load rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Rule files or folders (one or more; repeatable). Replaces the starter rules. Put input paths before it.",
            valueName: "path"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("A processing pipeline YAML file instead of the built-in Windows one.", valueName: "file"))
    var pipeline: String?

    func loadPipeline() throws -> Pipeline {
        if let pipeline { return try Pipeline.load(from: URL(fileURLWithPath: pipeline)) }
        return try Pipeline.builtinWindows()
    }

    /// The rule paths given, or the starter rules shipped with Tocsin.
    func rulePaths() throws -> [String] {
        if !rules.isEmpty { return rules }
        guard let url = Bundle.module.url(forResource: "starter-rules", withExtension: nil) else {
            throw HuntError(message: "the starter rules are missing from the installation; pass --rules")
        }
        return [url.path]
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
