import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Posts messages to a webhook: Tocsin's generic JSON or PagerDuty's Events API v2.
///
/// Every request carries `Idempotency-Key` (the outbox key), so a receiver that sees the same key twice (after a crash
/// between sending and recording) can drop the second. 2xx is delivered; 408, 429 and 5xx and network failures are
/// transient (retried by the outbox with back-off, as PagerDuty's contract asks); other answers are permanent.
public struct WebhookTransport: Sendable {
    public let configuration: WebhookConfiguration
    let client: HTTPClient
    let clock: @Sendable () -> Date

    /// Creates a transport on `client` (the process-wide shared client by default).
    public init(
        _ configuration: WebhookConfiguration, client: HTTPClient = .shared,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.client = client
        self.clock = clock
    }

    /// Posts `body` (a JSON object, as stored in the outbox) under `idempotencyKey`; returns the receiver's answer,
    /// e.g. `202 Accepted`.
    public func send(body: String, idempotencyKey: String) async throws -> String {
        let bytes = try finalBody(body)
        var request = HTTPClientRequest(url: configuration.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Tocsin")
        request.headers.add(name: "Idempotency-Key", value: Self.headerSafe(idempotencyKey))
        if let secret = configuration.signingSecret {
            let timestamp = String(Int64(clock().timeIntervalSince1970))
            request.headers.add(name: "X-Tocsin-Timestamp", value: timestamp)
            request.headers.add(
                name: "X-Tocsin-Signature", value: "sha256=" + Self.signature(bytes, timestamp: timestamp, secret: secret))
        }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: TimeAmount(configuration.timeout))
        } catch {
            throw DeliveryError(
                .transient, code: "T740", "webhook \(redacted) did not answer: \(Self.describe(error))",
                hint: "the receiver may be down or slow; the outbox tries again")
        }
        let answer = try? await response.body.collect(upTo: 64 << 10)
        let text = answer.map { String(buffer: $0) }.map { Self.firstLine($0) } ?? ""
        let status = "\(response.status.code) \(response.status.reasonPhrase)"
        switch response.status.code {
        case 200..<300:
            return text.isEmpty ? status : "\(status): \(text)"
        case 408, 429, 500..<600:
            throw DeliveryError(
                .transient, code: "T741", "webhook \(redacted) answered \(status)\(text.isEmpty ? "" : ": \(text)")")
        default:
            throw DeliveryError(
                .permanent, code: "T742", "webhook \(redacted) refused the message: \(status)\(text.isEmpty ? "" : ": \(text)")",
                hint: "sending it again would fail the same way; check the channel's URL and shape")
        }
    }

    /// The URL without user, password or query (which may carry a token), for messages.
    var redacted: String {
        var components = URLComponents(url: configuration.url, resolvingAgainstBaseURL: false)
        components?.user = nil
        components?.password = nil
        components?.query = nil
        return components?.string ?? "(url)"
    }

    /// The body as sent: the stored one, with PagerDuty's routing key added.
    func finalBody(_ body: String) throws -> [UInt8] {
        guard case .pagerDuty(let routingKey) = configuration.shape else { return Array(body.utf8) }
        guard var object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw DeliveryError(.permanent, code: "T743", "the stored PagerDuty event is not a JSON object")
        }
        object["routing_key"] = routingKey.value
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Array(data)
    }

    /// Hex HMAC-SHA256 over `timestamp.body`.
    public static func signature(_ body: [UInt8], timestamp: String, secret: WebhookSecret) -> String {
        var authenticator = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.value.utf8)))
        authenticator.update(data: Array(timestamp.utf8) + [UInt8(ascii: ".")] + body)
        return authenticator.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.map(Character.init))
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces).prefix(200)
            .description
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
