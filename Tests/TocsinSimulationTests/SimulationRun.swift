import Foundation
import Testing

@testable import TocsinSimulation

/// One simulation kept in memory, with its lines parsed by Foundation (the independent check of the writer).
struct SimulationRun: Sendable {
    let options: SimulationOptions
    let summary: SimulationSummary
    /// Raw bytes per file.
    let bytes: [SimulationFile: [UInt8]]

    init(_ options: SimulationOptions) throws {
        self.options = options
        var sink = MemorySink()
        summary = try Simulator.run(options, into: &sink)
        bytes = sink.files
    }

    /// The lines of `file` as text (without the newline).
    func lines(_ file: SimulationFile) -> [Substring] {
        let text = String(decoding: bytes[file] ?? [], as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0 }
    }

    /// The lines of `file` parsed as JSON objects.
    func objects(_ file: SimulationFile) throws -> [[String: Any]] {
        try lines(file).map { line in
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(value as? [String: Any], "not an object: \(line.prefix(200))")
        }
    }

    /// The ground truth, parsed.
    func truth() throws -> [GroundTruth] {
        try objects(.groundTruth).map { try GroundTruth($0) }
    }

    /// The small estate most tests share: 40 hosts, 20 minutes at 30 events/s, the ransomware scenario.
    static let standard: Result<SimulationRun, any Error> = Result {
        try SimulationRun(SimulationOptions(hosts: 40, durationSeconds: 1200, rate: 30))
    }

    static func standardRun() throws -> SimulationRun { try standard.get() }
}

/// One line of ground-truth.jsonl.
struct GroundTruth {
    let file: String
    let line: Int
    let step: String
    let technique: String
    let host: String
    let timestamp: String

    init(_ object: [String: Any]) throws {
        file = try #require(object["file"] as? String)
        line = try #require(object["line"] as? Int)
        step = try #require(object["step"] as? String)
        technique = try #require(object["technique"] as? String)
        host = try #require(object["host"] as? String)
        timestamp = try #require(object["timestamp"] as? String)
        #expect(object.count == 6)
    }
}

/// Fields every shape has in common: the host and the timestamp as `tocsin hunt` reports them.
func hostAndTime(_ object: [String: Any]) -> (String?, String?) {
    if let event = object["Event"] as? [String: Any], let system = event["System"] as? [String: Any] {
        let created = (system["TimeCreated"] as? [String: Any])?["#attributes"] as? [String: Any]
        return (system["Computer"] as? String, created?["SystemTime"] as? String)
    }
    return (object["host"] as? String, object["timestamp"] as? String)
}

/// Milliseconds since 1970 of an ISO timestamp with milliseconds and a Z.
func milliseconds(_ iso: String) -> Int64? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    guard let date = formatter.date(from: iso) else { return nil }
    return Int64((date.timeIntervalSince1970 * 1000).rounded())
}

/// The EventData (or UserData's inner element) of a Windows event.
func eventData(_ object: [String: Any]) -> [String: Any] {
    guard let event = object["Event"] as? [String: Any] else { return [:] }
    if let data = event["EventData"] as? [String: Any] { return data }
    if let user = event["UserData"] as? [String: Any], let inner = user.values.first as? [String: Any] { return inner }
    return [:]
}

/// The event id of a Windows event.
func eventID(_ object: [String: Any]) -> Int? {
    ((object["Event"] as? [String: Any])?["System"] as? [String: Any])?["EventID"] as? Int
}
