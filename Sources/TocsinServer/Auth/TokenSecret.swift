import Crypto
import Foundation

/// API token secrets: made here, shown once, stored only as their SHA-256 hash.
public enum TokenSecret {
    /// A new secret: `tcn_` and 40 hex digits (160 random bits from the system's generator).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "tcn_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The hash the store keeps for `secret`.
    public static func hash(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(secret.utf8)))
    }
}

/// A secret that never prints: logs and error messages see `***`.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
}
