import Foundation

/// Signed, expiring, single-purpose links that acknowledge one incident: the link in a page.
///
/// The ``LinkSignature`` payload is
/// `ack:<incident id>:<expiry, Unix seconds>:<contact id>`. It acknowledges that incident and nothing else, until it
/// expires; the contact is named as the actor. Using it twice acknowledges once (the escalation is already stopped).
public struct AcknowledgementLinks: Sendable {
    /// What a valid token grants.
    public struct Grant: Sendable, Equatable {
        public var incidentID: Int64
        public var contact: String
        public var expiresAt: Date
    }

    /// Why a token was refused.
    public enum Refusal: Error, Equatable {
        case malformed
        case badSignature
        case expired(Date)
    }

    let signature: LinkSignature

    /// Links signed with `secret` (at least 16 bytes).
    public init(secret: [UInt8]) {
        signature = LinkSignature(secret: secret)
    }

    /// A token for `incidentID` that expires at `expiresAt`.
    public func token(incidentID: Int64, contact: String, expiresAt: Date) -> String {
        signature.sign("ack:\(incidentID):\(Int64(expiresAt.timeIntervalSince1970)):\(contact)")
    }

    /// Checks a token's signature and expiry at `time`.
    public func verify(_ token: String, at time: Date) throws(Refusal) -> Grant {
        let payload: String
        do {
            payload = try signature.payload(of: token)
        } catch {
            throw error == .malformed ? .malformed : .badSignature
        }
        let fields = payload.split(separator: ":", maxSplits: 3).map(String.init)
        guard fields.count == 4, fields[0] == "ack", let incident = Int64(fields[1]), let expiry = Int64(fields[2])
        else { throw .malformed }
        let expiresAt = Date(timeIntervalSince1970: TimeInterval(expiry))
        guard time < expiresAt else { throw .expired(expiresAt) }
        return Grant(incidentID: incident, contact: fields[3], expiresAt: expiresAt)
    }

    /// The secret from `TOCSIN_LINK_SECRET` (hex or text, at least 16 bytes), else from `link-secret` in the data
    /// folder, created with 32 random bytes (mode 0600) on first start, so links stay valid across restarts.
    public static func secret(environment: [String: String], dataFolder: String) throws -> [UInt8] {
        if let text = environment["TOCSIN_LINK_SECRET"], !text.isEmpty {
            guard text.utf8.count >= 16 else {
                throw ServerStartError("TOCSIN_LINK_SECRET is shorter than 16 bytes", hint: "use 32 random bytes in hex")
            }
            return Array(text.utf8)
        }
        let url = URL(fileURLWithPath: dataFolder).appendingPathComponent("link-secret")
        if let data = try? Data(contentsOf: url), data.count >= 16 { return Array(data) }
        try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw ServerStartError("cannot write \(url.path)", hint: "the data folder must be writable") }
        return bytes
    }
}

/// A problem that stops the server from starting (a missing secret, an unreadable template folder).
public struct ServerStartError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String?

    /// Creates an error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message)\n  hint: \($0)" } ?? message }
}
