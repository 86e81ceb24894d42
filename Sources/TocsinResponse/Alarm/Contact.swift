import TocsinCore

/// A person or office the alarm chain can reach: who it is, which roles it holds, how to reach it.
public struct Contact: Sendable, Hashable, Codable, Identifiable {
    /// A unique id the configuration refers to (`soc-oncall`, `bsi`).
    public var id: String
    /// The name messages address.
    public var name: String
    /// The organisation, for contacts outside the company.
    public var organisation: String?
    /// The roles the contact holds; a target naming a role reaches every contact that holds it.
    public var roles: [ContactRole]
    /// The language messages to this contact are written in.
    public var language: Language
    /// Where messages go, each on one configured channel; every endpoint receives every message.
    public var endpoints: [ContactEndpoint]

    /// Creates a contact.
    public init(
        id: String, name: String, organisation: String? = nil, roles: [ContactRole], language: Language,
        endpoints: [ContactEndpoint]
    ) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.roles = roles
        self.language = language
        self.endpoints = endpoints
    }
}

/// One way to reach a contact: a configured channel and, for channels that need one, an address.
public struct ContactEndpoint: Sendable, Hashable, Codable {
    /// The name of a configured delivery channel (`mail`, `pagerduty`).
    public var channel: String
    /// The address on that channel (an e-mail address), or nil for a channel with a fixed target (a webhook).
    public var address: String?

    /// Creates an endpoint.
    public init(channel: String, address: String? = nil) {
        self.channel = channel
        self.address = address
    }
}
