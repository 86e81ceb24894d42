/// An extra header line such as `X-Tocsin-Idempotency-Key: 7c1e…`, validated against header injection.
///
/// The name is letters, digits and `-`; the value is one line without control characters (non-ASCII text is
/// written as RFC 2047 encoded-words). Headers the message's own fields produce cannot be set this way.
public struct MailHeader: Sendable, Hashable {
    /// The header's name, e.g. `X-Tocsin-Incident`.
    public let name: String
    /// The header's unfolded, unencoded value.
    public let value: String

    /// Validates and creates a header; throws a permanent ``DeliveryError`` (T702, T703, T706).
    public init(_ name: String, _ value: String) throws {
        if let problem = Self.nameProblem(name) { throw MailFailure.invalidHeaderName(name, problem) }
        if Self.reserved.contains(name.lowercased()) { throw MailFailure.reservedHeader(name) }
        if let problem = Self.valueProblem(value) {
            throw MailFailure.invalidHeaderValue("value of \(name)", value, problem)
        }
        self.name = name
        self.value = value
    }

    /// Names the writer sets itself, and those only a mail server may add.
    static let reserved: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "sender", "return-path", "received",
    ]

    /// Why `value` cannot be a header value (or a subject), or nil when it can.
    static func valueProblem(_ value: String) -> String? {
        if let bad = MailText.firstControl(in: value) { return "\(MailText.describe(bad)) is not allowed" }
        if value.unicodeScalars.count > 900 { return "it is longer than 900 characters" }
        return nil
    }

    private static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > 60 { return "it is longer than 60 characters" }
        let allowed = { (scalar: Unicode.Scalar) -> Bool in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-": return true
            default: return false
            }
        }
        if let bad = name.unicodeScalars.first(where: { !allowed($0) }) {
            return "\(MailText.describe(bad)) is not allowed"
        }
        return nil
    }
}
