import TocsinCore

/// A system (a server, a cluster, an appliance farm) that runs in one data centre and that services run on.
public struct CatalogueSystem: Sendable, Hashable, Codable {
    /// A short stable id such as `kim-mail-1`, unique among systems.
    public var id: String
    /// The name people read.
    public var name: LocalizedText
    /// The id of the data centre the system runs in.
    public var dataCentre: String
    /// What kind of system it is (`mail`, `database`, `gateway`), free text for people.
    public var kind: String?
    /// What the system does, for people.
    public var description: LocalizedText?

    /// Creates a system.
    public init(
        id: String, name: LocalizedText, dataCentre: String, kind: String? = nil, description: LocalizedText? = nil
    ) {
        self.id = id
        self.name = name
        self.dataCentre = dataCentre
        self.kind = kind
        self.description = description
    }
}
