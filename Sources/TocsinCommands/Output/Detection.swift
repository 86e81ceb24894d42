import TocsinCore

/// One rule firing on one event, as reported to the user.
public struct Detection: Sendable {
    public var ruleIndex: Int
    /// The input file as given on the command line or found in a folder (`-` for standard input).
    public var file: String
    /// The 1-based line where the event starts.
    public var line: Int
    public var timestamp: String?
    public var host: String?
}
