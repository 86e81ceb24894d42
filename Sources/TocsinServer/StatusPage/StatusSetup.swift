import Foundation
import TocsinCore
import TocsinResponse

/// What the status page and service continuity need from outside the configuration value: the service graph read
/// from the catalogue file, and the secret that signs subscribers' links.
public struct StatusSetup: Sendable {
    /// The validated catalogue; `nil` when none is configured.
    public var graph: ServiceGraph?
    /// Warnings of the catalogue, located in its file.
    public var warnings: [String]
    /// Signs confirmation and unsubscribe links (the alarm chain's link secret).
    public var linkSecret: [UInt8]

    /// Creates a setup from its parts (tests).
    public init(graph: ServiceGraph?, warnings: [String] = [], linkSecret: [UInt8]) {
        self.graph = graph
        self.warnings = warnings
        self.linkSecret = linkSecret
    }

    /// Reads the catalogue the configuration names and the link secret; a catalogue problem stops the start with
    /// its file, line and column.
    public static func prepare(_ configuration: ServerConfiguration, environment: [String: String]) throws -> StatusSetup {
        let secret = try AcknowledgementLinks.secret(environment: environment, dataFolder: configuration.dataFolder)
        guard let path = configuration.continuity.cataloguePath else {
            return StatusSetup(graph: nil, linkSecret: secret)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerStartError(
                "cannot read the service catalogue \(path)", hint: "continuity.catalogue names a YAML file; see samples/catalogue.yaml")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ServerStartError("the service catalogue \(path) is not UTF-8")
        }
        var reader = CatalogueReader(file: path)
        do {
            let loaded = try reader.read(text)
            return StatusSetup(
                graph: loaded.graph, warnings: loaded.warnings.map(\.description), linkSecret: secret)
        } catch {
            throw ServerStartError("the service catalogue cannot be used:\n\(error.description)")
        }
    }
}
