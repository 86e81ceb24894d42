import Foundation

/// A user name and password for SMTP AUTH (PLAIN or LOGIN, whichever the server offers; PLAIN first).
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name, sent to the server as it is.
    public var username: String
    /// The password; prints as `***`.
    public var password: SMTPSecret

    /// Creates credentials.
    public init(username: String, password: SMTPSecret) {
        self.username = username
        self.password = password
    }

    /// `username:***`.
    public var description: String { "\(username):***" }

    /// AUTH PLAIN's initial response (RFC 4616): base64 of NUL, user name, NUL, password.
    var plainInitialResponse: SMTPSecret {
        SMTPSecret(Data(([0] + Array(username.utf8) + [0] + Array(password.revealed.utf8))).base64EncodedString())
    }

    /// AUTH LOGIN's first answer: the base64 user name.
    var loginUsername: SMTPSecret { SMTPSecret(Data(username.utf8).base64EncodedString()) }

    /// AUTH LOGIN's second answer: the base64 password.
    var loginPassword: SMTPSecret { SMTPSecret(Data(password.revealed.utf8).base64EncodedString()) }
}
