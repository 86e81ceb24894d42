import TocsinCore

/// The catalogue file cannot be used: bad YAML, an unknown key, a wrong value, or catalogue errors.
///
/// The message, location and code are those of the first error; `diagnostics` lists every one, located.
public struct CatalogueReadError: TocsinError, Equatable {
    /// What is wrong, in one sentence.
    public var message: String
    /// The catalogue file.
    public var file: String
    /// The 1-based line, 0 when unknown.
    public var line: Int
    /// The 1-based column, 0 when unknown.
    public var column: Int
    /// `T843` bad YAML, `T844` unknown key, `T847` missing or wrong value, or a validation code (T831–T842).
    public var code: String
    /// What to do about it.
    public var hint: String?
    /// Every problem, errors and warnings, located in the file.
    public var diagnostics: [Diagnostic]

    /// Creates the error of one problem.
    public init(_ message: String, file: String, line: Int, column: Int, code: String, hint: String? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.hint = hint
        diagnostics = [
            Diagnostic(
                .error, code: code, message, hint: hint, at: SourceLocation(file: file, line: line, column: column))
        ]
    }

    /// Creates the error of validation: the first error leads, every diagnostic is kept.
    init(diagnostics: [Diagnostic], file: String) {
        let first = diagnostics.first { $0.severity == .error } ?? diagnostics.first
        message = first?.message ?? "the service catalogue is not valid"
        self.file = file
        line = first?.location?.line ?? 0
        column = first?.location?.column ?? 0
        code = first?.code ?? "T830"
        hint = first?.hint
        self.diagnostics = diagnostics
    }

    /// Every diagnostic as `file:line:column: error: message [code]`, one after another.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
