/// Writes one compact JSON object member by member, escaping strings per RFC 8259.
///
/// Ingest builds events from syslog headers with it: no dictionary, so members keep the order written.
struct JSONObjectWriter {
    private var members: [String] = []

    /// The object's text.
    var text: String { "{" + members.joined(separator: ",") + "}" }

    mutating func add(_ name: String, _ value: String) {
        members.append(Self.quoted(name) + ":" + Self.quoted(value))
    }

    mutating func add(_ name: String, _ value: Int) {
        members.append(Self.quoted(name) + ":" + String(value))
    }

    /// Adds a member whose value is already JSON text.
    mutating func addRaw(_ name: String, _ json: String) {
        members.append(Self.quoted(name) + ":" + json)
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
