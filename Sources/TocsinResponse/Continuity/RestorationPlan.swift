/// The order to bring systems and services back in after a containment is lifted.
///
/// Every service comes after the systems it runs on and after every service it depends on, required and optional
/// alike, when those are in the plan too: restoring an optional dependency first spares the service a second
/// switch-over (and a second planned outage) to reconnect it. Among the steps that may go next, the smallest
/// `priority` goes first, then systems before services, then ids.
public struct RestorationPlan: Sendable, Hashable, Codable {
    /// The steps in order.
    public var steps: [RestorationStep]

    /// Creates a plan from its steps.
    public init(steps: [RestorationStep] = []) {
        self.steps = steps
    }

    /// The steps grouped by wave, each group in plan order.
    public var waves: [[RestorationStep]] {
        guard let last = steps.map(\.wave).max() else { return [] }
        var waves = [[RestorationStep]](repeating: [], count: last + 1)
        for step in steps { waves[step.wave].append(step) }
        return waves
    }

    /// The ids of the services restored, in plan order.
    public var services: [String] { steps.filter { $0.kind == .service }.map(\.id) }

    /// The ids of the systems brought back, in plan order.
    public var systems: [String] { steps.filter { $0.kind == .system }.map(\.id) }

    /// The step restoring this service.
    public func step(forService id: String) -> RestorationStep? {
        steps.first { $0.kind == .service && $0.id == id }
    }
}
