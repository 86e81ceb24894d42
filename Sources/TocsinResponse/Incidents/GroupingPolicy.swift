import Foundation

/// How alerts are grouped into incidents: what they must share, and how close in time they must come.
public struct GroupingPolicy: Sendable, Hashable {
    /// What alerts of one incident have in common.
    public enum Key: String, Sendable, CaseIterable {
        /// The same host (alerts without a host group together).
        case host
        /// The same host, or a host already in the incident when the alert shares an ATT&CK tactic chain with it:
        /// lateral movement joins the hosts of one attack.
        case hostOrRelatedTactics = "host-or-tactics"
        /// The same rule.
        case rule
        /// Everything in the window is one incident.
        case none
    }

    public var key: Key
    /// An alert joins an open incident whose latest alert is at most this old (seconds).
    public var window: TimeInterval
    /// A host names a "related" alert for `hostOrRelatedTactics` when it is seen in the alert's details under these
    /// tactics (lateral movement reaches another host).
    public var linkingTactics: Set<String>
    /// Distinct ATT&CK tactics in one incident at which its severity rises one level (a multi-stage attack).
    public var escalateAtTactics: Int

    /// The default: one incident per host per attack, alerts up to 2 hours apart, lateral movement links hosts.
    public init(
        key: Key = .hostOrRelatedTactics, window: TimeInterval = 2 * 3600,
        linkingTactics: Set<String> = ["lateral_movement"], escalateAtTactics: Int = 3
    ) {
        self.key = key
        self.window = window
        self.linkingTactics = linkingTactics
        self.escalateAtTactics = escalateAtTactics
    }
}
