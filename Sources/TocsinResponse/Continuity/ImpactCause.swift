/// Why a service is down or degraded: it was switched off, a system it runs on is offline, or a dependency suffers.
public struct ImpactCause: Sendable, Hashable, Codable {
    /// What kind of cause it is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The service itself was a containment target.
        case switchedOff = "switched_off"
        /// A system the service runs on is offline.
        case systemOffline = "system_offline"
        /// A service it depends on is down or degraded.
        case dependency
    }

    /// What kind of cause it is.
    public var kind: Kind
    /// The service switched off, the system offline, or the dependency.
    public var id: String
    /// For a dependency, whether it is required or optional.
    public var dependencyKind: ServiceDependency.Kind?
    /// For a dependency, how it is affected.
    public var dependencyEffect: ServiceEffect?

    /// Creates a cause.
    public init(
        kind: Kind, id: String, dependencyKind: ServiceDependency.Kind? = nil, dependencyEffect: ServiceEffect? = nil
    ) {
        self.kind = kind
        self.id = id
        self.dependencyKind = dependencyKind
        self.dependencyEffect = dependencyEffect
    }

    /// The service was switched off directly.
    public static func switchedOff(_ service: String) -> ImpactCause { ImpactCause(kind: .switchedOff, id: service) }

    /// A system the service runs on is offline.
    public static func systemOffline(_ system: String) -> ImpactCause { ImpactCause(kind: .systemOffline, id: system) }

    /// A dependency of this kind is affected so.
    public static func dependency(
        _ service: String, _ kind: ServiceDependency.Kind, _ effect: ServiceEffect
    ) -> ImpactCause {
        ImpactCause(kind: .dependency, id: service, dependencyKind: kind, dependencyEffect: effect)
    }
}
