import ArgumentParser
import Foundation
import TocsinServer
import TocsinStore

extension Role: ExpressibleByArgument {}

/// `tocsin token`: API tokens for machines and scripts.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and delete API tokens.",
        subcommands: [Add.self, List.self, Delete.self])

    /// `tocsin token add NAME --role ROLE`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create an API token; its secret is printed once and only its hash is kept.")

        @Argument(help: "A name for people; ingest records events as coming from http:NAME.")
        var name: String

        @Option(help: "viewer (reads), responder (ingests, works incidents) or admin.")
        var role: Role = .responder

        @OptionGroup var server: ServerOptions

        func run() throws {
            let location = try ServerOptions.location(try server.configuration())
            let secret = TokenSecret.generate()
            let name = self.name
            let role = self.role
            let actor = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
            try runBlocking {
                let store = try await SQLStore.open(location)
                _ = try await store.createToken(name: name, secretHash: TokenSecret.hash(secret), role: role, actor: actor)
                try await store.close()
            }
            print(secret)
            printError("token '\(name)' (\(role.rawValue)) created; the secret above is shown only this once")
        }
    }

    /// `tocsin token list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List API tokens (never their secrets).")

        @OptionGroup var server: ServerOptions

        func run() throws {
            let location = try ServerOptions.location(try server.configuration())
            let tokens = try runBlocking {
                let store = try await SQLStore.open(location)
                let tokens = try await store.tokens()
                try await store.close()
                return tokens
            }
            for token in tokens {
                print("\(token.name)\t\(token.role.rawValue)\tcreated \(token.createdAt.formatted(.iso8601))")
            }
        }
    }
}

extension TokenCommand {
    /// `tocsin token delete NAME`.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete an API token; a running server stops taking it within 5 seconds (it caches tokens).")

        @Argument(help: "The token's name, as 'tocsin token list' shows it.")
        var name: String

        @OptionGroup var server: ServerOptions

        func run() throws {
            let location = try ServerOptions.location(try server.configuration())
            let name = self.name
            let actor = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
            let deleted = try runBlocking {
                let store = try await SQLStore.open(location)
                do {
                    var deleted = false
                    if let token = try await store.tokens().first(where: { $0.name == name }) {
                        deleted = try await store.deleteToken(id: token.id, actor: actor)
                    }
                    try await store.close()
                    return deleted
                } catch {
                    try? await store.close()
                    throw error
                }
            }
            guard deleted else { throw ValidationError("no token named '\(name)' ('tocsin token list' shows them)") }
            printError("token '\(name)' deleted")
        }
    }
}

/// `tocsin audit`: check and export the hash-chained audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify or export the tamper-evident audit log.",
        subcommands: [Verify.self, Export.self])

    /// `tocsin audit verify`: exit 0 when the chain holds, 1 naming the first broken link.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Walk the hash chain and name the first broken link (exit 1).")

        @OptionGroup var server: ServerOptions

        func run() throws {
            let location = try ServerOptions.location(try server.configuration())
            let verification = try runBlocking {
                let store = try await SQLStore.open(location)
                let result = try await store.verifyAudit()
                try await store.close()
                return result
            }
            switch verification {
            case .intact(let entries, let head):
                print("audit log intact: \(entries) entries, head \(head.map { String(format: "%02x", $0) }.joined())")
            case .broken(let problem):
                print("audit log broken: \(problem)")
                throw ExitCode(1)
            }
        }
    }

    /// `tocsin audit export FILE`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write the audit log as JSON Lines, with each entry's hashes.")

        @Argument(help: ArgumentHelp("The file to write.", valueName: "file"))
        var path: String

        @OptionGroup var server: ServerOptions

        func run() throws {
            let location = try ServerOptions.location(try server.configuration())
            let url = URL(fileURLWithPath: path)
            let count = try runBlocking {
                let store = try await SQLStore.open(location)
                let count = try await store.exportAudit(to: url)
                try await store.close()
                return count
            }
            print("wrote \(count) audit entries to \(path)")
        }
    }
}
