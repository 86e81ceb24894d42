import TocsinCore

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
    static func quoted(_ text: String) -> String { JSONString.quoted(text) }
}
