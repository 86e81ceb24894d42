/// One problem found while reading rules, configuration or input, rendered like a compiler's message.
///
/// Diagnostics are collected, not thrown: an unsupported feature rejects one rule and the rest load.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    /// A stable code, e.g. `T1203`, that documentation and scripts can refer to.
    public var code: String
    public var message: String
    /// What to do about it, when there is something to say.
    public var hint: String?
    public var location: SourceLocation?
    /// The rule the diagnostic belongs to, when known.
    public var ruleID: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, code: String, _ message: String, hint: String? = nil,
        at location: SourceLocation? = nil, ruleID: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.location = location
        self.ruleID = ruleID
    }

    /// `file:line:col: error: message [code] (rule id)` followed by the hint on its own line.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message) [\(code)]"
        if let ruleID { text += " (rule \(ruleID))" }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
