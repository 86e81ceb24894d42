import Foundation

/// A webhook channel: where messages are posted and in which shape.
public struct WebhookConfiguration: Sendable, Equatable {
    /// The shape of the JSON body.
    public enum Shape: Sendable, Equatable {
        /// Tocsin's own shape: the message, the incident's facts and the idempotency key (see ``WebhookBody``).
        case generic
        /// PagerDuty's Events API v2 (`trigger`, `acknowledge`, `resolve` with a `dedup_key`), so existing paging
        /// tools take Tocsin's alerts; the routing key is added at send time and never stored with the message.
        case pagerDuty(routingKey: WebhookSecret)
    }

    public var url: URL
    public var shape: Shape
    /// When set, each request carries `X-Tocsin-Signature: sha256=<hex>`, an HMAC-SHA256 over
    /// `<X-Tocsin-Timestamp>.<body>`, so the receiver can tell Tocsin's requests from forged or replayed ones.
    public var signingSecret: WebhookSecret?
    /// How long one request may take, connection included.
    public var timeout: Duration

    /// Creates a configuration.
    public init(url: URL, shape: Shape = .generic, signingSecret: WebhookSecret? = nil, timeout: Duration = .seconds(10)) {
        self.url = url
        self.shape = shape
        self.signingSecret = signingSecret
        self.timeout = timeout
    }
}

/// A secret (an HMAC key, a routing key) that prints as `***`, so it never reaches a log.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to use it.
    public let value: String

    /// Wraps a secret.
    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
}
