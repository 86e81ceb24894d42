import TocsinCore

/// Why a message was not delivered, and whether trying again can help.
///
/// Every channel maps its failures onto these two kinds: a transient failure (server down, timeout, 4xx SMTP reply,
/// HTTP 429 or 5xx) is retried with back-off; a permanent one (a recipient the server rejects with 5xx, TLS required
/// but not offered, HTTP 400) goes straight to the dead letters, since sending it again would fail the same way.
public struct DeliveryError: TocsinError, Equatable {
    /// Whether a later attempt may succeed.
    public enum Kind: String, Sendable, Equatable {
        case transient
        case permanent
    }

    public var kind: Kind
    public var code: String
    /// What went wrong, naming the channel and the peer's answer; never a secret.
    public var message: String
    public var hint: String?

    /// Creates an error.
    public init(_ kind: Kind, code: String, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.hint = hint
    }
}
