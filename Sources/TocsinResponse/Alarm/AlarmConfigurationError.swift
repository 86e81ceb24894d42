import TocsinCore

/// The alarm configuration has errors; every problem found is listed, warnings included.
public struct AlarmConfigurationError: TocsinError, Equatable {
    /// Every diagnostic, errors and warnings, in configuration order.
    public var diagnostics: [AlarmDiagnostic]

    /// Creates the error from the diagnostics validation found.
    public init(diagnostics: [AlarmDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// `T800`.
    public var code: String { "T800" }

    /// How many errors there are.
    public var message: String {
        let count = diagnostics.filter { $0.severity == .error }.count
        return "the alarm configuration has \(count) error\(count == 1 ? "" : "s")"
    }

    /// What the fix is in general; each diagnostic says what it is in particular.
    public var hint: String? { "fix the errors listed; the alarm chain does not start with a broken configuration" }

    /// The summary, then every diagnostic on its own line.
    public var description: String {
        (["\(message) [\(code)]"] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
