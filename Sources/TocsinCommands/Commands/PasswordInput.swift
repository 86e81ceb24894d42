import ArgumentParser
import Foundation
import TocsinServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a password: one line of standard input (`--password-stdin`), or a prompt on the terminal without echo.
enum PasswordInput {
    /// The password, checked against ``PasswordPolicy`` (a problem is a usage error, exit 2).
    static func read(fromStandardInput: Bool, confirm: Bool) throws -> String {
        let password: String
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("--password-stdin: standard input ended before a line with the password")
            }
            password = line
        } else {
            guard isTerminal(STDIN_FILENO) else {
                throw ValidationError(
                    "standard input is not a terminal, so the password cannot be asked for; "
                        + "pipe it in with --password-stdin")
            }
            password = try hiddenLine(prompt: "Password: ")
            if let problem = PasswordPolicy.problem(with: password) { throw ValidationError(problem) }
            if confirm, try hiddenLine(prompt: "Same password again: ") != password {
                throw ValidationError("the two passwords differ; nothing was changed")
            }
        }
        if let problem = PasswordPolicy.problem(with: password) { throw ValidationError(problem) }
        return password
    }

    /// One line typed at the terminal on standard input with echo off; echo comes back however this ends.
    static func hiddenLine(prompt: String) throws -> String {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            throw ValidationError("cannot switch off the terminal's echo; use --password-stdin")
        }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        FileHandle.standardError.write(Data(prompt.utf8))
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0 else {
            throw ValidationError("cannot switch off the terminal's echo; use --password-stdin")
        }
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else {
            throw ValidationError("no password was typed")
        }
        return line
    }
}
