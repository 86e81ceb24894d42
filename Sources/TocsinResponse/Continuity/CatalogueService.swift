import TocsinCore

/// A service customers use (eAU, ePA, KIM), the systems it runs on and the services it depends on.
public struct CatalogueService: Sendable, Hashable, Codable {
    /// The priority of a service that names none: after every service that names a smaller one.
    public static let defaultPriority = 100

    /// A short stable id such as `eau`, unique among services.
    public var id: String
    /// The name people read.
    public var name: LocalizedText
    /// The heading the service appears under on the status page.
    public var group: LocalizedText?
    /// What the service does, for people.
    public var description: LocalizedText?
    /// The ids of the customer groups that use the service.
    public var customers: [String]
    /// The ids of the systems the service runs on.
    public var runsOn: [String]
    /// False: every system in `runsOn` is needed. True: any one suffices, and losing some degrades the service.
    public var redundant: Bool
    /// The services this one needs, in the order the catalogue lists them.
    public var dependsOn: [ServiceDependency]
    /// Lower restores first; `defaultPriority` when the catalogue names none.
    public var priority: Int
    /// The emergency workaround while the service is down, such as a paper sick note.
    public var fallback: LocalizedText?

    /// Creates a service.
    public init(
        id: String, name: LocalizedText, group: LocalizedText? = nil, description: LocalizedText? = nil,
        customers: [String] = [], runsOn: [String] = [], redundant: Bool = false,
        dependsOn: [ServiceDependency] = [], priority: Int = CatalogueService.defaultPriority,
        fallback: LocalizedText? = nil
    ) {
        self.id = id
        self.name = name
        self.group = group
        self.description = description
        self.customers = customers
        self.runsOn = runsOn
        self.redundant = redundant
        self.dependsOn = dependsOn
        self.priority = priority
        self.fallback = fallback
    }
}
