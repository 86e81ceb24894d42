/// A service another service needs: without a required one it is down, without an optional one degraded.
public struct ServiceDependency: Sendable, Hashable, Codable {
    /// How much a service needs a dependency.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Down when the dependency is down, degraded when it is degraded.
        case required
        /// Degraded when the dependency is down or degraded.
        case optional
    }

    /// The id of the service depended on.
    public var service: String
    /// Whether the dependency is required or optional.
    public var kind: Kind

    /// Creates a dependency, required unless said otherwise.
    public init(service: String, kind: Kind = .required) {
        self.service = service
        self.kind = kind
    }
}
