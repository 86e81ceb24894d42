/// The severity a Sigma rule assigns to what it detects, ordered from least to most severe.
public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case informational = 0
    case low
    case medium
    case high
    case critical

    /// Parses a level name as Sigma writes it (`informational`, `low`, `medium`, `high`, `critical`).
    public init?(name: String) {
        switch name.lowercased() {
        case "informational", "info": self = .informational
        case "low": self = .low
        case "medium": self = .medium
        case "high": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

    /// The lower-case name Sigma uses.
    public var description: String {
        switch self {
        case .informational: "informational"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
}
