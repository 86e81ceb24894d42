import TocsinCore

/// The service catalogue has errors; every problem found is listed, warnings included.
public struct ServiceCatalogueError: TocsinError, Equatable {
    /// Every diagnostic, errors and warnings, in catalogue order.
    public var diagnostics: [CatalogueDiagnostic]

    /// Creates the error from the diagnostics validation found.
    public init(diagnostics: [CatalogueDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// `T830`.
    public var code: String { "T830" }

    /// How many errors there are.
    public var message: String {
        let count = diagnostics.filter { $0.severity == .error }.count
        return "the service catalogue has \(count) error\(count == 1 ? "" : "s")"
    }

    /// What the fix is in general; each diagnostic says what it is in particular.
    public var hint: String? { "fix the errors listed; impact and restoration need a consistent catalogue" }

    /// The summary, then every diagnostic on its own line.
    public var description: String {
        (["\(message) [\(code)]"] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
