import TocsinCore

/// One problem in a configuration the response logic checks (the alarm chain's, the service catalogue), located by
/// a path such as `playbooks[ransomware].steps[2]` or `services[eau].depends_on[1]`.
///
/// The path names items by id or name (by index when it is empty or repeats an earlier one), so the loader can map
/// it to a line and a column with `diagnostic(at:)`.
public struct PathDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// An error stops the planner or the service graph from being built; a warning is reported and loading goes on.
    public var severity: Diagnostic.Severity
    /// A stable code: T801–T829 for the alarm chain, T831–T847 for the catalogue.
    public var code: String
    /// Where the problem is: `contacts[bsi].endpoints[1]`, `policies[day].tiers[0].targets[2]`.
    public var path: String
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it, when there is something to say.
    public var hint: String?

    /// Creates a diagnostic.
    public init(_ severity: Diagnostic.Severity, code: String, at path: String, _ message: String, hint: String? = nil)
    {
        self.severity = severity
        self.code = code
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `path: error: message [code]`, followed by the hint on its own line.
    public var description: String {
        var text = "\(path): \(severity.rawValue): \(message) [\(code)]"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// The diagnostic as Tocsin's general model has it, at a location in the file; without a location
    /// the path leads the message.
    public func diagnostic(at location: SourceLocation?) -> Diagnostic {
        let text = location == nil ? "\(path): \(message)" : message
        return Diagnostic(severity, code: code, text, hint: hint, at: location)
    }
}

/// A problem in the alarm configuration.
public typealias AlarmDiagnostic = PathDiagnostic
