/// Why a component is not operational, where the reason changes what customers should understand. Tocsin's addition
/// to Statuspage's model: in a breach the most common state is "partial outage, deliberately switched off".
public enum ComponentReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The provider switched the component off as a precaution (to contain an attack), not because it broke.
    case securityPrecaution = "security_precaution"
    /// The component runs in emergency operation: a fallback procedure replaces the regular one (for example,
    /// messages are queued and processed later, or a paper procedure applies).
    case fallbackActive = "fallback_active"
}
