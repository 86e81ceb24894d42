/// One syslog message, RFC 5424 or RFC 3164, as read off the wire: header fields as written, the body as bytes.
///
/// Parsing is pure (``parse(_:)``); ``SyslogMessage/eventJSON()`` turns a message into the event Tocsin stores.
struct SyslogMessage: Sendable, Equatable {
    /// Which RFC the header follows.
    enum Format: String, Sendable, Equatable {
        case rfc5424
        case rfc3164
    }

    /// One `[id name="value" …]` element of RFC 5424 structured data; parameters in the order written.
    struct Element: Sendable, Equatable {
        var id: String
        var parameters: [(name: String, value: String)]

        static func == (lhs: Element, rhs: Element) -> Bool {
            lhs.id == rhs.id && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
                && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
        }
    }

    var format: Format
    /// `PRI / 8` and `PRI % 8`.
    var facility: Int
    var severity: Int
    /// The timestamp as written (RFC 3339 for 5424, `Mmm dd hh:mm:ss` for 3164); nil for 5424's `-`.
    var timestamp: String?
    var hostname: String?
    var appName: String?
    var processID: String?
    var messageID: String?
    var structuredData: [Element] = []
    /// The body after the header, without a leading UTF-8 BOM or a trailing line break.
    var body: [UInt8]
}

/// Why bytes are not a syslog message: what was expected and the 1-based column (byte) where it shows.
struct SyslogParseError: Error, Sendable, Equatable, CustomStringConvertible {
    var column: Int
    var message: String

    var description: String { "column \(column): \(message)" }
}
