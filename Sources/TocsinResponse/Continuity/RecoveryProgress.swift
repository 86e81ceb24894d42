/// How far the restoration has come: services per phase, the share back to regular, and what may start next.
public struct RecoveryProgress: Sendable, Hashable, Codable {
    /// How many of the plan's services are in each phase (every phase listed, zero included).
    public var counts: [RecoveryPhase: Int]
    /// The plan's services in regular operation, in percent of the plan's services (100 for an empty plan).
    public var percentRegular: Double
    /// The services that are down and whose required dependencies are available, in plan order.
    public var nextSteps: [String]
    /// The services that are down and blocked, in plan order, each with the dependencies blocking it.
    public var blocked: [String: [String]]

    /// Creates a summary.
    public init(
        counts: [RecoveryPhase: Int], percentRegular: Double, nextSteps: [String], blocked: [String: [String]]
    ) {
        self.counts = counts
        self.percentRegular = percentRegular
        self.nextSteps = nextSteps
        self.blocked = blocked
    }
}
