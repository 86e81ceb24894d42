import TocsinCore

/// A problem that stops a simulation: bad options, or output that cannot be written.
public struct SimulationError: TocsinError, Equatable {
    /// `S1xx` for options, `S2xx` for output.
    public let code: String
    /// What went wrong, naming the flag and value or the file.
    public let message: String

    /// An error with a stable code and a message a person reads.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
