import Foundation

/// Signed links for the page's subscribers: confirming an address (double opt-in, expiring) and leaving (valid as
/// long as the secret). The ``LinkSignature`` payload is `sub:<action>:<subscriber id>:<expiry, Unix seconds>`;
/// the `sub:` prefix keeps it apart from acknowledgement links signed with the same secret.
struct SubscriptionLinks: Sendable {
    enum Action: String, Sendable {
        case confirm
        case unsubscribe
    }

    let signature: LinkSignature

    init(secret: [UInt8]) {
        signature = LinkSignature(secret: secret)
    }

    func token(_ action: Action, subscriber: Int64, expiresAt: Date) -> String {
        signature.sign("sub:\(action.rawValue):\(subscriber):\(Int64(expiresAt.timeIntervalSince1970))")
    }

    /// The subscriber a valid, unexpired token for `action` names; `nil` for anything else.
    func verify(_ token: String, _ action: Action, at time: Date) -> Int64? {
        guard let payload = try? signature.payload(of: token) else { return nil }
        let fields = payload.split(separator: ":").map(String.init)
        guard fields.count == 4, fields[0] == "sub", fields[1] == action.rawValue, let id = Int64(fields[2]),
            let expiry = Int64(fields[3]), time.timeIntervalSince1970 < TimeInterval(expiry)
        else { return nil }
        return id
    }
}
