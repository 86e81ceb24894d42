import ArgumentParser
import Foundation
import TocsinServer
import TocsinStore

/// `tocsin status export`: the public page as static files, to host apart from the attacked systems.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The public status page outside the server.", subcommands: [Export.self])

    /// `tocsin status export --out FOLDER`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the status page as static files (index.html, index.en.html, Atom feeds, JSON) from the "
                + "store; with SQLite the server must be stopped (status_page.export does it while it runs).")

        @Option(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "folder"))
        var out: String

        @OptionGroup var server: ServerOptions

        func run() throws {
            let configuration = try server.configuration()
            let location = try ServerOptions.location(configuration)
            let setup = try StatusSetup.prepare(configuration, environment: ProcessInfo.processInfo.environment)
            let folder = URL(fileURLWithPath: out)
            let files = try runBlocking {
                let store = try await SQLStore.open(location)
                do {
                    let files = try await StaticSiteExport.export(
                        configuration: configuration, setup: setup, store: store, to: folder)
                    try await store.close()
                    return files
                } catch {
                    try? await store.close()
                    throw error
                }
            }
            for file in files { print(folder.appendingPathComponent(file).path) }
        }
    }
}
