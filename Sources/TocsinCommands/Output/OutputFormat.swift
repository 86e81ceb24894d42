import ArgumentParser

/// How `tocsin hunt` writes detections.
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// Grouped by rule, levels coloured on a terminal.
    case table
    /// One JSON object per detection.
    case jsonl
    /// Comma-separated values with a header line.
    case csv
}
