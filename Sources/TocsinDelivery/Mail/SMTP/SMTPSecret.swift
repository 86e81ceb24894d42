/// A password or other credential that prints as `***`: in `description`, `debugDescription`, `dump` and string
/// interpolation alike, so that logging a configuration never leaks it.
public struct SMTPSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable,
    ExpressibleByStringLiteral
{
    /// The secret itself; read it only to use it.
    public let revealed: String

    /// Wraps `value`.
    public init(_ value: String) {
        revealed = value
    }

    /// Wraps a literal (for tests and examples; real secrets come from configuration).
    public init(stringLiteral value: String) {
        revealed = value
    }

    /// Always `***`.
    public var description: String { "***" }
    /// Always `***`.
    public var debugDescription: String { "***" }
    /// A mirror without children, so `dump` and reflection see only `***`.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
