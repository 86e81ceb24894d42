@preconcurrency import Crypto
import Foundation

/// Signed links for the page's subscribers: confirming an address (double opt-in, expiring) and leaving (valid as
/// long as the secret). A token is `base64url(payload).base64url(HMAC-SHA256(secret, payload))` with the payload
/// `sub:<action>:<subscriber id>:<expiry, Unix seconds>`; the `sub:` prefix keeps it apart from acknowledgement
/// links signed with the same secret.
struct SubscriptionLinks: Sendable {
    enum Action: String, Sendable {
        case confirm
        case unsubscribe
    }

    let key: SymmetricKey

    init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    func token(_ action: Action, subscriber: Int64, expiresAt: Date) -> String {
        let payload = Array("sub:\(action.rawValue):\(subscriber):\(Int64(expiresAt.timeIntervalSince1970))".utf8)
        return AcknowledgementLinks.base64URL(payload) + "."
            + AcknowledgementLinks.base64URL(Array(HMAC<SHA256>.authenticationCode(for: payload, using: key)))
    }

    /// The subscriber a valid, unexpired token for `action` names; `nil` for anything else.
    func verify(_ token: String, _ action: Action, at time: Date) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = AcknowledgementLinks.decode(parts[0]),
            let signature = AcknowledgementLinks.decode(parts[1]),
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: key)
        else { return nil }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: ":").map(String.init)
        guard fields.count == 4, fields[0] == "sub", fields[1] == action.rawValue, let id = Int64(fields[2]),
            let expiry = Int64(fields[3]), time.timeIntervalSince1970 < TimeInterval(expiry)
        else { return nil }
        return id
    }
}
