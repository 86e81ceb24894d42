import TocsinCore
import TocsinDetection

/// What a hunt reads and how it reports.
public struct HuntOptions: Sendable {
    /// Files, folders and `-` for standard input.
    public var inputs: [String]
    public var format: OutputFormat
    public var outputPath: String?
    public var minimumLevel: Level?
    public var showStatistics: Bool
    public var showProgress: Bool
    public var colour: Bool
    public var maxRecordBytes: Int
    /// Number of threads matching events.
    public var workers: Int
    /// How many input problems are printed; the rest are counted.
    public var problemsShown: Int
    /// Bounds of correlation state (a hunt orders all matches by event time: tolerance is unbounded).
    public var correlationLimits = CorrelationLimits(tolerance: .infinity)

    /// Creates options with the defaults of the command line.
    public init(
        inputs: [String], format: OutputFormat = .jsonl, outputPath: String? = nil, minimumLevel: Level? = nil,
        showStatistics: Bool = false, showProgress: Bool = false, colour: Bool = false,
        maxRecordBytes: Int = 4 << 20, workers: Int = 2, problemsShown: Int = 10
    ) {
        self.inputs = inputs
        self.format = format
        self.outputPath = outputPath
        self.minimumLevel = minimumLevel
        self.showStatistics = showStatistics
        self.showProgress = showProgress
        self.colour = colour
        self.maxRecordBytes = maxRecordBytes
        self.workers = workers
        self.problemsShown = problemsShown
    }
}

/// What a hunt read and found.
public struct HuntSummary: Sendable {
    public var files = 0
    public var events = 0
    /// Records that were not valid events, and input problems (too long, bad UTF-8, truncated gzip, …).
    public var badRecords = 0
    public var bytes = 0
    public var detections = 0
    public var rulesFired = Set<Int>()
    public var highestLevel: Level?
    public var seconds = 0.0
    /// Matches of rules that only feed correlations (`generate: false`), not reported on their own.
    public var suppressed = 0
    /// What the correlation engine saw, raised and had to cut.
    public var correlation = CorrelationStatistics()
}
