import TocsinCore

/// A data centre of the provider: containing it takes every system in it offline.
public struct DataCentre: Sendable, Hashable, Codable {
    /// A short stable id such as `nord`, unique among data centres.
    public var id: String
    /// The name people read, such as "Rechenzentrum Nord".
    public var name: LocalizedText

    /// Creates a data centre.
    public init(id: String, name: LocalizedText) {
        self.id = id
        self.name = name
    }
}
