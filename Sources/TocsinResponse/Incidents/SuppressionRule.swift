import Foundation

/// Known noise: alerts of a rule, on a host, or both, that join no incident until the rule expires.
public struct SuppressionRule: Sendable, Hashable, Identifiable {
    public var id: String
    /// The rule whose alerts are suppressed; nil for every rule (then `host` must be set).
    public var ruleID: String?
    /// The host whose alerts are suppressed (compared ignoring case); nil for every host.
    public var host: String?
    /// Suppression ends at this instant (expiry is mandatory: forgotten suppressions hide attacks).
    public var until: Date
    public var reason: String

    /// A suppression; nil when it names neither a rule nor a host (that would hide everything).
    public init?(id: String, ruleID: String?, host: String?, until: Date, reason: String) {
        guard ruleID != nil || host != nil else { return nil }
        self.id = id
        self.ruleID = ruleID
        self.host = host
        self.until = until
        self.reason = reason
    }

    /// Whether it suppresses `alert` at `now`.
    public func suppresses(_ alert: AlertFacts, at now: Date) -> Bool {
        guard now < until else { return false }
        if let ruleID, ruleID != alert.ruleID { return false }
        if let host {
            guard let alertHost = alert.host, HostName.same(alertHost, host) else {
                return false
            }
        }
        return true
    }
}
