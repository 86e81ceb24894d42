import ArgumentParser
import Dispatch
import Foundation
import Hummingbird
import Logging
import TocsinCore
import TocsinDetection
import TocsinServer
import TocsinStore

/// Where the server's configuration and database are: the options `serve`, `token`, `user` and `audit` share.
struct ServerOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file (read when it exists).", valueName: "file"))
    var config = "tocsin.yaml"

    @Option(help: ArgumentHelp("The data folder for the embedded SQLite database.", valueName: "folder"))
    var data: String?

    @Option(help: ArgumentHelp("sqlite, a data folder or file, or a postgres:// URL.", valueName: "location"))
    var database: String?

    /// The configuration: the file when present, then `TOCSIN_DATA`/`TOCSIN_DATABASE`/`TOCSIN_LISTEN`, then flags.
    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if FileManager.default.fileExists(atPath: config) {
            let text = try String(contentsOfFile: config, encoding: .utf8)
            configuration = try ServerConfiguration.parse(text, file: config)
        }
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["TOCSIN_DATA"] { configuration.dataFolder = value }
        if let value = environment["TOCSIN_DATABASE"] { configuration.database = value }
        if let value = environment["TOCSIN_LISTEN"] { try configuration.setListen(value) }
        if let data { configuration.dataFolder = data }
        if let database { configuration.database = database }
        return configuration
    }

    /// Where the store is for `configuration`.
    static func location(_ configuration: ServerConfiguration) throws -> StoreLocation {
        configuration.database == "sqlite"
            ? .dataFolder(configuration.dataFolder) : try StoreLocation.parse(configuration.database)
    }
}

extension ServerConfiguration {
    /// Sets `host` and `port` from `host:port`.
    mutating func setListen(_ text: String) throws {
        guard let (host, port) = Self.parseAddress(text), !host.isEmpty else {
            throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8470")
        }
        self.host = host
        self.port = port
    }
}

/// Runs async work from a synchronous command (the command line's main thread is not the concurrency pool).
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let semaphore = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        semaphore.signal()
    }
    semaphore.wait()
    switch box.result {
    case .success(let value): return value
    case .failure(let error): throw error
    case nil: throw ExitCode.failure
    }
}

/// Carries a result out of a task.
///
/// `@unchecked Sendable`: written once by the task before it signals the semaphore, read after the wait.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

/// `tocsin serve`: live ingest and detection over HTTP, with the store and the rule pack.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Tocsin's server: ingest, live detection, incidents and the API.",
        discussion: """
            With no configuration file, listens on 127.0.0.1:8470 and keeps an SQLite database in ./tocsin-data \
            (write a commented tocsin.yaml with 'tocsin init'). Settings: flag, then TOCSIN_LISTEN / TOCSIN_DATA / \
            TOCSIN_DATABASE, then the file, then the default. Stops cleanly on SIGTERM or SIGINT.
            """)

    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp("Address to listen on (host:port).", valueName: "address"))
    var listen: String?

    func run() throws {
        MemoryTuning.keepFreedMemory()
        var configuration = try server.configuration()
        if let listen { try configuration.setListen(listen) }
        let location = try ServerOptions.location(configuration)
        var paths = configuration.rulePaths
        if configuration.rulePack, let pack = RulePack.path { paths.insert(pack, at: 0) }
        let pipeline = try configuration.pipeline.map { try Pipeline.load(from: URL(fileURLWithPath: $0)) }
            ?? Pipeline.builtinWindows()
        let ruleSet = RuleSetLoader.load(paths: paths, pipeline: pipeline)
        for diagnostic in ruleSet.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
        guard ruleSet.loadedCount > 0 else { throw HuntError(message: "no rule loaded from \(paths)") }
        let ready = configuration
        // The alarm chain starts when contacts are configured; a broken template or a missing secret stops the start.
        // Subscribers of the status page are mailed through it too.
        var alarm: AlarmChain?
        if !configuration.alarm.configuration.contacts.isEmpty || configuration.continuity.subscriptionChannel != nil {
            do {
                alarm = try AlarmChain.prepare(configuration, environment: ProcessInfo.processInfo.environment)
            } catch {
                throw HuntError(message: "the alarm chain cannot start: \(error)")
            }
        }
        let alarmLine =
            alarm == nil
            ? "alarm chain: off (no contacts configured; see 'tocsin init')"
            : "alarm chain: \(configuration.alarm.configuration.contacts.count) contacts, "
                + "\(configuration.alarm.channels.count) channels, \(configuration.alarm.configuration.playbooks.count) playbooks"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let rulesLine = "rules: \(ruleSet.loadedCount) loaded (\(ruleSet.correlations.correlations.count) correlations)"
        let hint = server.database.map { " --database \($0)" } ?? server.data.map { " --data \($0)" } ?? ""
        let alarmChain = alarm
        let status: StatusSetup
        do {
            status = try StatusSetup.prepare(configuration, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw HuntError(message: "the status page cannot start: \(error)")
        }
        for warning in status.warnings { printError(warning) }
        let statusLine =
            status.graph.map {
                "status page: /status, \($0.catalogue.services.count) services from \(configuration.continuity.cataloguePath ?? "")"
            } ?? "status page: /status (no service catalogue: set continuity.catalogue, see samples/catalogue.yaml)"
        try runBlocking {
            let store = try await SQLStore.open(location)
            let tokens = try await store.tokens()
            let users = try await store.users()
            var logger = Logger(label: "tocsin")
            logger.logLevel = .notice
            let (application, _) = buildApplication(
                configuration: ready, store: store, engine: ruleSet.engine, correlations: ruleSet.correlations,
                alarm: alarmChain, status: status, logger: logger,
                onListening: { port in
                    // Printed once the socket is bound, with the port the system chose when 0 was asked for.
                    let address = "http://\(host):\(port)"
                    printError("Tocsin \(TocsinCommand.configuration.version) listening on \(address) (store: \(location))")
                    printError(rulesLine)
                    printError(alarmLine)
                    printError(statusLine)
                    if tokens.isEmpty {
                        printError(
                            "no API token yet: create one with 'tocsin token add NAME --role responder\(hint)', "
                                + "then send it as 'Authorization: Bearer <token>'")
                    }
                    if users.isEmpty {
                        printError(
                            "no user yet: create one with 'tocsin user add NAME --role admin', then POST /api/v1/login")
                    }
                    printError("health: \(address)/health, API description: \(address)/openapi.yaml")
                })
            try await application.runService()
            try await store.close()
        }
    }
}

/// `tocsin init`: writes a commented configuration file.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented tocsin.yaml with every setting and its default.")

    @Argument(help: ArgumentHelp("Where to write it.", valueName: "file"))
    var path = "tocsin.yaml"

    @Flag(help: "Replace an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw ValidationError("\(path) exists; --force replaces it")
        }
        try ServerConfiguration.template.write(toFile: path, atomically: true, encoding: .utf8)
        print("wrote \(path); 'tocsin serve' reads it from the current folder")
    }
}
