import Foundation

/// A phase change in a service's recovery, for the timeline.
public struct RecoveryTransition: Sendable, Hashable, Codable {
    /// The phase left.
    public var from: RecoveryPhase
    /// The phase entered.
    public var to: RecoveryPhase
    /// When.
    public var at: Date

    /// Creates a transition.
    public init(from: RecoveryPhase, to: RecoveryPhase, at: Date) {
        self.from = from
        self.to = to
        self.at = at
    }
}
