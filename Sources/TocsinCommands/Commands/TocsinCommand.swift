import ArgumentParser
import Foundation

/// The `tocsin` command line.
public struct TocsinCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tocsin",
        abstract: "Breach early warning and incident response for healthcare IT providers.",
        version: "0.1.0",
        subcommands: [
            HuntCommand.self, RulesCommand.self, ServeCommand.self, InitCommand.self, TokenCommand.self,
            UserCommand.self, AuditCommand.self, SimulateCommand.self, NotifyCommand.self, CatalogueCommand.self, StatusCommand.self]
    )

    public init() {}

    /// Runs the command line with `arguments` and returns the process exit status.
    ///
    /// 0 on success, 1 only when a command asks for it (`--fail-level` reached, `rules check --strict`), 2 for usage
    /// errors and for errors that stop a command (no rule loaded, an output file that cannot be created), so that a
    /// script can tell "found something" from "could not look".
    public static func runMain(_ arguments: [String]? = nil) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || error is CommandLineUsageError {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                return 2
            }
            if code == .success {
                let message = fullMessage(for: error)
                if !message.isEmpty { print(message) }
                return 0
            }
            if let exit = error as? ExitCode { return exit.rawValue }
            FileHandle.standardError.write(Data((errorLine(for: error) + "\n").utf8))
            return 2
        }
    }

    /// The line printed for an error that stops a command: `error: message [code]`, without the parser's own
    /// `Error:` prefix.
    static func errorLine(for error: Error) -> String {
        "error: " + message(for: error)
    }
}

/// A usage error found after parsing (exit status 2).
struct CommandLineUsageError: Error, CustomStringConvertible {
    var description: String
}
