import ArgumentParser
import Foundation
import TocsinServer
import TocsinStore

/// `tocsin user`: people who log in to the API and dashboard.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create and list users, and change their passwords.",
        subcommands: [Add.self, List.self, Passwd.self])

    /// `tocsin user add NAME --role ROLE`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create a user; the password is asked for (or read from standard input) and kept as bcrypt.")

        @Argument(help: "The login name (letters, digits, '.', '_', '@', '-').")
        var name: String

        @Option(help: "viewer (reads), responder (works incidents) or admin.")
        var role: Role = .viewer

        @Flag(help: "Read the password from the first line of standard input instead of asking for it.")
        var passwordStdin = false

        @OptionGroup var server: ServerOptions

        func run() throws {
            let configuration = try server.configuration()
            let location = try ServerOptions.location(configuration)
            if let problem = UserAccounts.problem(withName: name) { throw ValidationError(problem) }
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, confirm: true)
            let (name, role, cost) = (self.name, self.role, configuration.passwordCost)
            let user = try runBlocking {
                try await UserCommand.add(name: name, role: role, password: password, location: location, cost: cost)
            }
            print("user '\(user.name)' (\(user.role.rawValue)) created; log in with POST /api/v1/login")
        }
    }

    /// `tocsin user list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles.")

        @OptionGroup var server: ServerOptions

        func run() throws {
            let location = try ServerOptions.location(try server.configuration())
            let users = try runBlocking {
                let store = try await SQLStore.open(location)
                let users = try await store.users()
                try await store.close()
                return users
            }
            for user in users {
                print("\(user.name)\t\(user.role.rawValue)\tcreated \(user.createdAt.formatted(.iso8601))")
            }
        }
    }

    /// `tocsin user passwd NAME`.
    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd", abstract: "Give a user a new password; the user's open sessions end.")

        @Argument(help: "The login name.")
        var name: String

        @Flag(help: "Read the password from the first line of standard input instead of asking for it.")
        var passwordStdin = false

        @OptionGroup var server: ServerOptions

        func run() throws {
            let configuration = try server.configuration()
            let location = try ServerOptions.location(configuration)
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, confirm: true)
            let (name, cost) = (self.name, configuration.passwordCost)
            let user = try runBlocking {
                try await UserCommand.changePassword(name: name, password: password, location: location, cost: cost)
            }
            print("password of '\(user.name)' changed; the user's sessions have ended")
        }
    }

    /// The actor the audit log names for changes made here: `cli:` and the operating-system user, as for tokens.
    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    /// Creates the user in the store at `location`: the core of `user add`, which tests call with a password.
    static func add(
        name: String, role: Role, password: String, location: StoreLocation, cost: Int, actor: String = actor
    ) async throws -> User {
        let store = try await SQLStore.open(location)
        do {
            let user = try await UserAccounts.add(
                name: name, role: role, password: password, cost: cost, actor: actor, in: store)
            try await store.close()
            return user
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Changes the user's password in the store at `location`: the core of `user passwd`.
    static func changePassword(
        name: String, password: String, location: StoreLocation, cost: Int, actor: String = actor
    ) async throws -> User {
        let store = try await SQLStore.open(location)
        do {
            let user = try await UserAccounts.changePassword(
                name: name, password: password, cost: cost, actor: actor, in: store)
            try await store.close()
            return user
        } catch {
            try? await store.close()
            throw error
        }
    }
}
