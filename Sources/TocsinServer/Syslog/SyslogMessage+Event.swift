import Foundation
import TocsinDetection

extension SyslogMessage {
    /// The event Tocsin stores for this message, as compact JSON text.
    ///
    /// A body that is one JSON object in valid UTF-8 is the event as is (agents that ship JSON over syslog keep
    /// their field names). Any other body becomes `message` beside the header fields, named as in the flat Linux
    /// events the rule pack and `tocsin simulate` use (`service: syslog`, `host`, `program`, `pid`, `facility`),
    /// so the pack's syslog rules match what arrives here. Invalid UTF-8 in the body is replaced with U+FFFD so the
    /// stored text is always valid JSON. An RFC 3164 timestamp, which has no year and no zone, is written as
    /// `YYYY-MM-DDThh:mm:ss` in the year of `receivedAt` (the year before when that would put it over a month ahead)
    /// and read as UTC, like the other zone-less timestamps the engine sees.
    func eventJSON(receivedAt: Date) -> String {
        if let object = Self.jsonObject(body) { return object }
        var json = JSONObjectWriter()
        if let timestamp {
            json.add(
                "timestamp",
                format == .rfc3164 ? Self.rfc3339(bsd: timestamp, near: receivedAt) ?? timestamp : timestamp)
        }
        if let hostname { json.add("host", hostname) }
        json.add("service", "syslog")
        if let appName { json.add("program", appName) }
        if let processID {
            // A number, as the pack's events have it, unless the sender wrote something else.
            if let number = Int(processID), number >= 0 { json.add("pid", number) } else { json.add("pid", processID) }
        }
        if let messageID { json.add("msgid", messageID) }
        json.add("facility", Self.facilityNames[facility])
        json.add("severity", Self.severityNames[severity])
        if !structuredData.isEmpty {
            var data = JSONObjectWriter()
            for element in structuredData {
                var parameters = JSONObjectWriter()
                for parameter in element.parameters { parameters.add(parameter.name, parameter.value) }
                data.addRaw(element.id, parameters.text)
            }
            json.addRaw("structured_data", data.text)
        }
        json.add("message", String(decoding: body, as: UTF8.self))
        json.add("syslog_format", format.rawValue)
        return json.text
    }

    /// `Mmm dd hh:mm:ss` as `YYYY-MM-DDThh:mm:ss`, with the year guessed from `date`.
    static func rfc3339(bsd text: String, near date: Date) -> String? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, let month = SyslogReader.months.firstIndex(of: String(parts[0])).map({ $0 + 1 }),
            let day = Int(parts[1])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let now = calendar.dateComponents([.year, .month], from: date)
        guard var year = now.year, let currentMonth = now.month else { return nil }
        // December's messages read in January belong to last year.
        if month > currentMonth + 1 { year -= 1 }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(parts[2])"
    }

    /// RFC 5424's facilities 0 to 23, by their usual names.
    static let facilityNames = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp",
        "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ]

    /// RFC 5424's severities 0 to 7.
    static let severityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]

    /// The body's text when it is exactly one JSON object of valid UTF-8 (surrounding whitespace trimmed).
    static func jsonObject(_ body: [UInt8]) -> String? {
        guard let first = body.firstIndex(where: { !RecordSplitter.isSpace($0) }), body[first] == 0x7B else {
            return nil
        }
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        let valid = body.withUnsafeBufferPointer { JSONValidator.problem(inObject: $0) == nil }
        return valid ? text.trimmingSpaces() : nil
    }
}

extension String {
    /// Without JSON whitespace at either end.
    fileprivate func trimmingSpaces() -> String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !RecordSplitter.isSpace($0) }),
            let last = bytes.lastIndex(where: { !RecordSplitter.isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
