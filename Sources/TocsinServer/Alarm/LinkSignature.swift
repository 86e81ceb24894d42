@preconcurrency import Crypto
import Foundation

/// The signature behind Tocsin's links (acknowledging a page, confirming or leaving a subscription): a token is
/// `base64url(payload).base64url(HMAC-SHA256(secret, payload))`. Each kind of link starts its payload with its own
/// prefix (`ack:`, `sub:`), so a token of one kind never passes for another.
struct LinkSignature: Sendable {
    /// Why a token's signature was refused.
    enum Refusal: Error, Equatable {
        case malformed
        case badSignature
    }

    let key: SymmetricKey

    init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// The token for `payload`.
    func sign(_ payload: String) -> String {
        let bytes = Array(payload.utf8)
        return Self.base64URL(bytes) + "." + Self.base64URL(Array(HMAC<SHA256>.authenticationCode(for: bytes, using: key)))
    }

    /// The payload of a token whose signature holds.
    func payload(of token: String) throws(Refusal) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Self.decode(parts[0]), let signature = Self.decode(parts[1]) else {
            throw .malformed
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: key) else {
            throw .badSignature
        }
        return String(decoding: payload, as: UTF8.self)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
