import ArgumentParser
import Foundation
import TocsinCore
import TocsinResponse
import TocsinServer

/// `tocsin catalogue`: check a service catalogue and plan a containment before the day it is needed, without a
/// server.
struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue", abstract: "Check a service catalogue and see what a containment would take down.",
        subcommands: [Check.self, Impact.self])

    static func load(_ path: String) throws -> ServiceGraph {
        guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self)
        else { throw ValidationError("cannot read \(path) as UTF-8 text") }
        var reader = CatalogueReader(file: path)
        do {
            let loaded = try reader.read(text)
            for warning in loaded.warnings { printError(warning.description) }
            return loaded.graph
        } catch {
            throw HuntError(message: error.description)
        }
    }

    /// `tocsin catalogue check FILE`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Read and validate a catalogue; every problem with its line.")

        @Argument(help: "The catalogue file, e.g. samples/catalogue.yaml.")
        var file: String

        func run() throws {
            let graph = try CatalogueCommand.load(file)
            let catalogue = graph.catalogue
            print(
                "\(file): \(catalogue.dataCentres.count) data centres, \(catalogue.systems.count) systems, "
                    + "\(catalogue.customers.count) customer groups, \(catalogue.services.count) services; valid")
        }
    }

    /// `tocsin catalogue impact FILE --offline nord --isolate eau-gateway`.
    struct Impact: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "impact",
            abstract: "What taking data centres offline, isolating systems or switching services off would do, and "
                + "the order to bring it back.")

        @Argument(help: "The catalogue file.")
        var file: String

        @Option(name: .customLong("offline"), help: ArgumentHelp("A data centre to take offline.", valueName: "id"))
        var dataCentres: [String] = []

        @Option(name: .customLong("isolate"), help: ArgumentHelp("A system to isolate.", valueName: "id"))
        var systems: [String] = []

        @Option(name: .customLong("switch-off"), help: ArgumentHelp("A service to switch off.", valueName: "id"))
        var services: [String] = []

        @Option(help: "de or en.")
        var language: Language = .en

        func validate() throws {
            guard !(dataCentres.isEmpty && systems.isEmpty && services.isEmpty) else {
                throw ValidationError("name at least one --offline, --isolate or --switch-off")
            }
        }

        func run() throws {
            let graph = try CatalogueCommand.load(file)
            let targets = Set(
                dataCentres.map(ContainmentTarget.dataCentre) + systems.map(ContainmentTarget.system)
                    + services.map(ContainmentTarget.service))
            for line in try Self.report(graph, targets, language: language) { print(line) }
        }

        /// The lines `impact` prints.
        static func report(_ graph: ServiceGraph, _ targets: Set<ContainmentTarget>, language: Language) throws
            -> [String]
        {
            let impact = graph.impact(of: targets)
            guard impact.unknownTargets.isEmpty else {
                throw ValidationError(
                    "not in the catalogue: " + impact.unknownTargets.map { "\($0.kind) \($0.id)" }.joined(separator: ", "))
            }
            let name = { (id: String) in graph.service(id)?.name.text(in: language) ?? id }
            var lines = ["Offline systems: \(impact.offlineSystems.map(\.id).joined(separator: ", "))"]
            for effect in [ServiceEffect.down, .degraded] {
                let ids = impact.services(effect)
                lines.append("\(effect == .down ? "Down" : "Degraded") (\(ids.count)): " + ids.map(name).joined(separator: ", "))
            }
            let customers = impact.customers.map { "\($0.id) (\($0.count.map(String.init) ?? "?"))" }
            lines.append("Customers touched: \(customers.joined(separator: ", ")); \(impact.customerCount) in all")
            lines.append("Restoration order:")
            for step in graph.restorationPlan(for: impact).steps {
                let label = step.kind == .service ? name(step.id) : "system \(step.id)"
                lines.append("  wave \(step.wave): \(label)")
            }
            return lines
        }
    }
}
