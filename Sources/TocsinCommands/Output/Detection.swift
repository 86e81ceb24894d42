import TocsinCore

/// One rule firing on one event, or a correlation holding over several, as reported to the user.
public struct Detection: Sendable {
    /// A detection rule's index, or for a correlation alert the number of detection rules plus its index.
    public var ruleIndex: Int
    /// The input file as given on the command line or found in a folder (`-` for standard input).
    public var file: String
    /// The 1-based line where the event starts (for a correlation: the event that completed it).
    public var line: Int
    public var timestamp: String?
    public var host: String?
    /// Values of the fields correlations read from this event (empty when none does).
    public var captured: [String?] = []
    /// Set for a correlation alert.
    public var correlation: CorrelationDetail?
}

/// What a correlation alert adds to a detection: its measure, its group and the events behind it.
public struct CorrelationDetail: Sendable {
    public var type: String
    /// `group-by` names and the group's values.
    public var group: [(name: String, value: String?)]
    public var value: Double
    public var events: Int
    /// Where the window's oldest event is.
    public var firstFile: String
    public var firstLine: Int
    public var firstTimestamp: String?
}
