import ArgumentParser
import Foundation
import Testing
import TocsinServer
import TocsinStore

@testable import TocsinCommands

/// `tocsin user`, through the functions its subcommands call with the password they read.
@Suite struct UserCommandTests {
    @Test func addStoresABcryptHashAndAnAuditEntry() async throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation.dataFolder(folder.path)
        let user = try await UserCommand.add(
            name: "dr.weber@praxis", role: .admin, password: "a long enough password", location: location, cost: 4,
            actor: "cli:root")
        #expect(user.name == "dr.weber@praxis" && user.role == .admin)
        #expect(user.passwordHash.hasPrefix("$2b$04$"))
        #expect(await PasswordHasher(cost: 4).verify("a long enough password", against: user.passwordHash))
        #expect(await !PasswordHasher(cost: 4).verify("a long enough passworD", against: user.passwordHash))

        let store = try await SQLStore.open(location)
        #expect(try await store.user(named: "dr.weber@praxis") == user)
        let audit = try await store.auditEntries(after: 0, limit: 10)
        #expect(audit.map(\.action) == ["user.created"])
        #expect(audit.first?.actor == "cli:root" && audit.first?.details == ["role": "admin"])
        try await store.close()
    }

    @Test(arguments: [
        ("alice", "too short", "the password must have at least 12 characters (it has 9) [T610]"),
        ("alice", String(repeating: "ü", count: 40),
            "the password must have at most 72 bytes (bcrypt ignores the rest); it has 80 [T610]"),
        ("alice", "twelve chars\u{7}", "the password must not contain control characters [T610]"),
        ("alice smith", "a long enough password",
            "a user name must be 1 to 64 ASCII letters, digits, '.', '_', '@' or '-' [T610]"),
    ])
    func badNamesAndPasswordsAreRefusedWithAReason(name: String, password: String, expected: String) async throws {
        let folder = try TemporaryFolder()
        do {
            _ = try await UserCommand.add(
                name: name, role: .viewer, password: password, location: .dataFolder(folder.path), cost: 4)
            Issue.record("accepted \(name) / \(password)")
        } catch let problem as UserAccounts.Problem {
            #expect(problem.description == expected)
        }
    }

    @Test func aSecondUserOfTheSameNameIsRefused() async throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation.dataFolder(folder.path)
        _ = try await UserCommand.add(
            name: "alice", role: .viewer, password: "a long enough password", location: location, cost: 4)
        await #expect(throws: StoreError.self) {
            try await UserCommand.add(
                name: "alice", role: .admin, password: "another long one!", location: location, cost: 4)
        }
    }

    @Test func passwdReplacesTheHashKeepsTheRoleAndEndsSessions() async throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation.dataFolder(folder.path)
        let before = try await UserCommand.add(
            name: "alice", role: .responder, password: "a long enough password", location: location, cost: 4)
        let store = try await SQLStore.open(location)
        let now = Date()
        let session = try await store.createSession(
            NewSession(
                secretHash: [UInt8](repeating: 9, count: 32), userID: before.id, csrfToken: "c", address: nil,
                createdAt: now, expiresAt: now.addingTimeInterval(3600)),
            actor: "user:alice")
        try await store.close()

        let after = try await UserCommand.changePassword(
            name: "alice", password: "a brand new passphrase", location: location, cost: 4)
        #expect(after.role == .responder && after.passwordHash != before.passwordHash)
        #expect(await PasswordHasher(cost: 4).verify("a brand new passphrase", against: after.passwordHash))
        let reopened = try await SQLStore.open(location)
        #expect(try await reopened.session(hash: session.secretHash) == nil)
        try await reopened.close()

        await #expect(throws: UserAccounts.Problem.self) {
            try await UserCommand.changePassword(
                name: "bob", password: "a brand new passphrase", location: location, cost: 4)
        }
    }

    @Test func withoutATerminalOrPasswordStdinTheCommandSaysWhatToDo() throws {
        // Only meaningful when the tests' standard input is not a terminal (as in CI); a terminal would prompt.
        guard !isTerminal(STDIN_FILENO) else { return }
        let folder = try TemporaryFolder()
        #expect(throws: (any Error).self) { try PasswordInput.read(fromStandardInput: false, confirm: true) }
        do {
            _ = try PasswordInput.read(fromStandardInput: false, confirm: true)
        } catch {
            #expect(
                (error as? ValidationError)?.message
                    == "standard input is not a terminal, so the password cannot be asked for; pipe it in with "
                    + "--password-stdin")
        }
        #expect(TocsinCommand.runMain(["user", "add", "alice", "--data", folder.path]) == 2)
        #expect(TocsinCommand.runMain(["user", "add", "bad name", "--data", folder.path, "--password-stdin"]) == 2)
    }

    /// The help of `user add`, exactly: what a person reads before choosing a role.
    @Test func userAddHelpSaysHowThePasswordIsRead() {
        let expected = """
            OVERVIEW: Create a user; the password is asked for (or read from standard
            input) and kept as bcrypt.

            USAGE: tocsin user add <name> [--role <role>] [--password-stdin] [--config <file>] [--data <folder>] [--database <location>]

            ARGUMENTS:
              <name>                  The login name (letters, digits, '.', '_', '@', '-').

            OPTIONS:
              --role <role>           viewer (reads), responder (works incidents) or admin.
                                      (values: admin, responder, viewer; default: viewer)
              --password-stdin        Read the password from the first line of standard
                                      input instead of asking for it.
              -c, --config <file>     The configuration file (read when it exists).
                                      (default: tocsin.yaml)
              --data <folder>         The data folder for the embedded SQLite database.
              --database <location>   sqlite, a data folder or file, or a postgres:// URL.
              --version               Show the version.
              -h, --help              Show help information.
            """
        #expect(TocsinCommand.helpMessage(for: UserCommand.Add.self, columns: 80) == expected + "\n")
    }
}
