/// An error a person reads: a message, an optional hint and a stable code.
public protocol TocsinError: Error, CustomStringConvertible, Sendable {
    /// A stable identifier such as `T1001`.
    var code: String { get }
    /// What went wrong, in one sentence.
    var message: String { get }
    /// What to do about it.
    var hint: String? { get }
}

extension TocsinError {
    public var hint: String? { nil }
    public var description: String {
        if let hint { return "\(message) [\(code)]\n  hint: \(hint)" }
        return "\(message) [\(code)]"
    }
}
