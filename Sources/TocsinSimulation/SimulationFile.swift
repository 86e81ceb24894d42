/// The files a simulation writes.
public enum SimulationFile: Int, Sendable, CaseIterable {
    case windows, linux, firewall, groundTruth

    /// The file's name in the output folder.
    public var name: String {
        switch self {
        case .windows: "windows.jsonl"
        case .linux: "linux.jsonl"
        case .firewall: "firewall.jsonl"
        case .groundTruth: "ground-truth.jsonl"
        }
    }
}

/// Where a simulation's bytes go: files in a folder (`DirectorySink`) or memory (tests).
public protocol SimulationSink {
    /// Appends `bytes` (whole lines) to `file`.
    mutating func write(_ bytes: UnsafeRawBufferPointer, to file: SimulationFile) throws(SimulationError)
}

/// Keeps everything in memory: for tests and small runs.
public struct MemorySink: SimulationSink, Sendable {
    /// The bytes written to each file.
    public private(set) var files: [SimulationFile: [UInt8]] = [:]

    /// An empty sink.
    public init() {}

    /// Appends `bytes` to `file`'s contents.
    public mutating func write(_ bytes: UnsafeRawBufferPointer, to file: SimulationFile) throws(SimulationError) {
        files[file, default: []].append(contentsOf: bytes)
    }
}
