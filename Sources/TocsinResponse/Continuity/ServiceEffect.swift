/// What a containment does to a service: it still works with less (degraded), or not at all (down).
public enum ServiceEffect: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Works, but with less capacity or without an optional part.
    case degraded
    /// Does not work.
    case down

    /// Degraded is less than down, so `max` picks the worse effect.
    public static func < (lhs: ServiceEffect, rhs: ServiceEffect) -> Bool { lhs == .degraded && rhs == .down }
}
