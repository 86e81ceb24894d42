/// What a set of containment targets takes away: systems offline, services down or degraded, customers touched.
public struct ContainmentImpact: Sendable, Hashable, Codable {
    /// A system that is offline, and the targets that took it offline.
    public struct OfflineSystem: Sendable, Hashable, Codable {
        /// The system's id.
        public var id: String
        /// The system itself and/or its data centre, sorted.
        public var because: [ContainmentTarget]

        /// Creates an entry.
        public init(id: String, because: [ContainmentTarget]) {
            self.id = id
            self.because = because
        }
    }

    /// A service that is down or degraded, and why.
    public struct AffectedService: Sendable, Hashable, Codable {
        /// The service's id.
        public var id: String
        /// Down or degraded.
        public var effect: ServiceEffect
        /// What made it so (only the causes of `effect`): switched off, then systems, then dependencies, each in
        /// catalogue order.
        public var causes: [ImpactCause]

        /// Creates an entry.
        public init(id: String, effect: ServiceEffect, causes: [ImpactCause]) {
            self.id = id
            self.effect = effect
            self.causes = causes
        }
    }

    /// A customer group that uses at least one affected service.
    public struct AffectedCustomers: Sendable, Hashable, Codable {
        /// The group's id.
        public var id: String
        /// How many customers the group has, when the catalogue says.
        public var count: Int?
        /// The worst effect among the group's services.
        public var effect: ServiceEffect
        /// The ids of the group's affected services, in catalogue order.
        public var services: [String]

        /// Creates an entry.
        public init(id: String, count: Int?, effect: ServiceEffect, services: [String]) {
            self.id = id
            self.count = count
            self.effect = effect
            self.services = services
        }
    }

    /// The targets asked about, sorted.
    public var targets: [ContainmentTarget]
    /// Targets whose id the catalogue does not have; they take nothing offline.
    public var unknownTargets: [ContainmentTarget]
    /// The systems offline, in catalogue order.
    public var offlineSystems: [OfflineSystem]
    /// The services down or degraded, in catalogue order.
    public var services: [AffectedService]
    /// The customer groups touched, in catalogue order.
    public var customers: [AffectedCustomers]

    /// Creates an impact.
    public init(
        targets: [ContainmentTarget] = [], unknownTargets: [ContainmentTarget] = [],
        offlineSystems: [OfflineSystem] = [], services: [AffectedService] = [], customers: [AffectedCustomers] = []
    ) {
        self.targets = targets
        self.unknownTargets = unknownTargets
        self.offlineSystems = offlineSystems
        self.services = services
        self.customers = customers
    }

    /// The customers of every touched group with a known count, added up.
    public var customerCount: Int { customers.reduce(0) { $0 + ($1.count ?? 0) } }

    /// How the service with this id is affected; nil when it is not.
    public func effect(on service: String) -> ServiceEffect? {
        services.first { $0.id == service }?.effect
    }

    /// The ids of the services with this effect, in catalogue order.
    public func services(_ effect: ServiceEffect) -> [String] {
        services.filter { $0.effect == effect }.map(\.id)
    }
}
