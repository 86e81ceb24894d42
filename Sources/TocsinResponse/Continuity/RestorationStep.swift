/// One step of a restoration plan: bring a system back, or restore a service.
public struct RestorationStep: Sendable, Hashable, Codable {
    /// What the step brings back.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A system, before the services on it.
        case system
        /// A service, after its systems and dependencies.
        case service
    }

    /// What the step brings back.
    public var kind: Kind
    /// The id of the system or service.
    public var id: String
    /// The earliest round the step can go in: 0 without anything to wait for, else one more than the latest step
    /// it waits for (the longest path to it). Steps of one wave can run in parallel.
    public var wave: Int
    /// The priority the step is ordered by: its own (for a system, that of its services) or, when smaller, that of
    /// a service in the plan waiting for it.
    public var priority: Int
    /// The systems in the plan this step waits for, in catalogue order.
    public var afterSystems: [String]
    /// The services in the plan this step waits for, in catalogue order.
    public var afterServices: [String]

    /// Creates a step.
    public init(
        kind: Kind, id: String, wave: Int, priority: Int, afterSystems: [String] = [], afterServices: [String] = []
    ) {
        self.kind = kind
        self.id = id
        self.wave = wave
        self.priority = priority
        self.afterSystems = afterSystems
        self.afterServices = afterServices
    }
}
