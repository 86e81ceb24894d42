import TocsinCore

/// One problem in the service catalogue, located by a path such as `services[eau].depends_on[1]`.
///
/// Lists and keys are spelt as in the catalogue file (`data_centres`, `runs_on`). An item is named by its id, or by
/// its index when the id is empty or repeats an earlier one (see `itemPath(_:id:index:seen:)`), so the reader can map
/// every path to one line and column with `diagnostic(at:)`.
public struct CatalogueDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// An error stops the graph from being built; a warning is reported and the catalogue loads.
    public var severity: Diagnostic.Severity
    /// A stable code from T831 to T844.
    public var code: String
    /// Where the problem is: `systems[kim-1].data_centre`, `services[eau].runs_on[0]`.
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

    /// The diagnostic as Tocsin's general model has it, at a location in the catalogue file; without a location
    /// the path leads the message.
    public func diagnostic(at location: SourceLocation?) -> Diagnostic {
        let text = location == nil ? "\(path): \(message)" : message
        return Diagnostic(severity, code: code, text, hint: hint, at: location)
    }

    /// `services[eau]` for the first item with id `eau`, `services[3]` for an item whose id is empty or already in
    /// `seen` (the ids of the items before it).
    public static func itemPath(_ list: String, id: String, index: Int, seen: Set<String>) -> String {
        "\(list)[\(id.isEmpty || seen.contains(id) ? String(index) : id)]"
    }
}
