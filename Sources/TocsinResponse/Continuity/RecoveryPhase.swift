/// Where a service stands on its way back: down, being restored, on an emergency workaround, or regular again.
public enum RecoveryPhase: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    /// Not available.
    case down
    /// Responders are bringing it back; not yet available.
    case restoring
    /// Available through a workaround, such as queued eAU messages processed later.
    case emergencyOperation = "emergency_operation"
    /// Back to regular operation.
    case regularOperation = "regular_operation"

    /// True when customers can use the service, by workaround or regularly.
    public var isAvailable: Bool { self == .emergencyOperation || self == .regularOperation }
}
