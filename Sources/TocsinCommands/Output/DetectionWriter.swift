import Foundation
import TocsinCore
import TocsinDetection

/// Writes detections in one of the output formats; the table is written at the end, grouped by rule.
final class DetectionWriter {
    private let format: OutputFormat
    private let rules: [CompiledRule]
    private let sink: OutputSink
    private let colour: Bool
    private var grouped: [Int: [Detection]] = [:]
    private var buffer = ""

    init(format: OutputFormat, rules: [CompiledRule], sink: OutputSink, colour: Bool) {
        self.format = format
        self.rules = rules
        self.sink = sink
        self.colour = colour
        if format == .csv { buffer = "rule_id,rule_title,level,file,line,timestamp,host\n" }
    }

    func write(_ detection: Detection) {
        let rule = rules[detection.ruleIndex]
        switch format {
        case .jsonl:
            buffer += "{\"rule_id\":\(TextEscaping.json(rule.id)),\"rule_title\":\(TextEscaping.json(rule.title)),"
            buffer += "\"level\":\"\(rule.level)\",\"file\":\(TextEscaping.json(detection.file)),"
            buffer += "\"line\":\(detection.line),\"timestamp\":\(detection.timestamp.map(TextEscaping.json) ?? "null"),"
            buffer += "\"host\":\(detection.host.map(TextEscaping.json) ?? "null"),"
            buffer += "\"tags\":[\(rule.tags.map(TextEscaping.json).joined(separator: ","))]"
            if let detail = detection.correlation {
                let group = detail.group.map { "\(TextEscaping.json($0.name)):\($0.value.map(TextEscaping.json) ?? "null")" }
                buffer += ",\"correlation\":{\"type\":\"\(detail.type)\",\"group\":{\(group.joined(separator: ","))},"
                buffer += "\"value\":\(Self.number(detail.value)),\"events\":\(detail.events),"
                buffer += "\"first\":{\"file\":\(TextEscaping.json(detail.firstFile)),\"line\":\(detail.firstLine),"
                buffer += "\"timestamp\":\(detail.firstTimestamp.map(TextEscaping.json) ?? "null")}}"
            }
            buffer += "}\n"
        case .csv:
            let fields = [
                rule.id, rule.title, rule.level.description, detection.file, String(detection.line),
                detection.timestamp ?? "", detection.host ?? "",
            ]
            buffer += fields.map(TextEscaping.csv).joined(separator: ",") + "\n"
        case .table:
            grouped[detection.ruleIndex, default: []].append(detection)
        }
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    /// A number as JSON: integral values without a fraction.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        sink.write(buffer)
        buffer = ""
    }

    /// Writes what is still held (the table) and flushes.
    func finish() {
        if format == .table { renderTable() }
        flush()
    }

    private func paint(_ text: String, _ level: Level) -> String {
        guard colour else { return text }
        let code: String
        switch level {
        case .critical: code = "1;35"
        case .high: code = "1;31"
        case .medium: code = "33"
        case .low: code = "32"
        case .informational: code = "36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// `1 rule`, `2 rules`.
    private static func count(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    private func renderTable() {
        if grouped.isEmpty {
            buffer += "No detections.\n"
            return
        }
        let order = grouped.keys.sorted { lhs, rhs in
            let (left, right) = (rules[lhs], rules[rhs])
            if left.level != right.level { return left.level > right.level }
            let (leftCount, rightCount) = (grouped[lhs]?.count ?? 0, grouped[rhs]?.count ?? 0)
            if leftCount != rightCount { return leftCount > rightCount }
            return left.title < right.title
        }
        let shown = 5
        for index in order {
            let rule = rules[index]
            let detections = grouped[index] ?? []
            let level = rule.level.description.uppercased().padding(toLength: 13, withPad: " ", startingAt: 0)
            buffer += "\(paint(level, rule.level)) \(rule.title)  [\(rule.id)]  \(detections.count) event"
            buffer += detections.count == 1 ? "\n" : "s\n"
            for detection in detections.prefix(shown) {
                let time = detection.timestamp ?? "-"
                let host = detection.host ?? "-"
                buffer += "    \(time)  \(host)  \(detection.file):\(detection.line)"
                if let detail = detection.correlation {
                    let group = detail.group.map { "\($0.name)=\($0.value ?? "-")" }.joined(separator: " ")
                    buffer += "  \(detail.type) \(Self.number(detail.value)) over \(detail.events) events"
                    buffer += group.isEmpty ? "" : " (\(group))"
                }
                buffer += "\n"
            }
            if detections.count > shown { buffer += "    … and \(detections.count - shown) more\n" }
        }
        let total = grouped.values.reduce(0) { $0 + $1.count }
        var byLevel: [Level: Int] = [:]
        for (index, detections) in grouped { byLevel[rules[index].level, default: 0] += detections.count }
        let levels = Level.allCases.reversed().compactMap { level in
            byLevel[level].map { "\($0) \(level)" }
        }
        buffer += "\n\(Self.count(total, "detection")) from \(Self.count(grouped.count, "rule")): "
        buffer += levels.joined(separator: ", ") + "\n"
    }
}

/// Where output goes: standard output or a file.
final class OutputSink {
    private let handle: FileHandle

    init(path: String?) throws {
        if let path, path != "-" {
            // open(2), not FileManager.createFile: that one writes a temporary file and renames it over the path,
            // which replaces a device such as /dev/null with a regular file.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw HuntError(message: "cannot create the output file \(path): \(String(cString: strerror(errno)))")
            }
            self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        } else {
            handle = FileHandle.standardOutput
        }
    }

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }

    func close() {
        if handle !== FileHandle.standardOutput { try? handle.close() }
    }
}

/// A problem that stops a hunt before it starts, such as an output file that cannot be created.
public struct HuntError: TocsinError {
    public var message: String
    public var code: String { "T300" }
}
