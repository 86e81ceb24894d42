import TocsinCore

/// Why a recovery event was refused; the service's state is unchanged.
public struct RecoveryRejection: TocsinError, Hashable {
    /// `T845` for an event the phase does not allow, `T846` for an outage that cannot be planned.
    public var code: String
    /// What was refused, in one sentence.
    public var message: String
    /// What to do instead.
    public var hint: String?

    /// Creates a rejection.
    public init(code: String, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// An event the phase does not allow.
    static func illegal(_ event: String, in phase: RecoveryPhase, hint: String?) -> RecoveryRejection {
        RecoveryRejection(code: "T845", "cannot \(event) a service in phase \(phase.rawValue)", hint: hint)
    }
}
