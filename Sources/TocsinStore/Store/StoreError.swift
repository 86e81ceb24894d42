import Foundation
import TocsinCore

/// A storage problem a person reads: what went wrong, what to do, and a stable code (T400–T419).
///
/// Messages name databases by their redacted location (`postgres://tocsin:***@db:5432/tocsin`): a password never
/// reaches a message, a log line or a test report.
public struct StoreError: TocsinError, Hashable {
    /// The kind of problem, for code that reacts to it.
    public enum Kind: String, Sendable, Hashable {
        case badLocation
        case unreachable
        case authenticationFailed
        case locked
        case cannotOpen
        case schemaTooNew
        case migrationFailed
        case database
        case notFound
        case conflict
        case invalidArgument
        case closed
    }

    /// The kind of problem.
    public var kind: Kind
    /// What went wrong, in one sentence.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// `T400` and up, one per kind.
    public var code: String {
        switch kind {
        case .badLocation: "T400"
        case .unreachable: "T401"
        case .authenticationFailed: "T402"
        case .locked: "T403"
        case .cannotOpen: "T404"
        case .schemaTooNew: "T405"
        case .migrationFailed: "T406"
        case .database: "T407"
        case .notFound: "T408"
        case .conflict: "T409"
        case .invalidArgument: "T410"
        case .closed: "T411"
        }
    }

    static func badLocation(_ location: String, _ reason: String) -> StoreError {
        StoreError(
            .badLocation, "invalid database location '\(Redaction.redact(location))': \(reason)",
            hint: "use a folder or file path for SQLite, or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    }

    static func notFound(_ what: String) -> StoreError {
        StoreError(.notFound, "\(what) does not exist")
    }

    static func invalid(_ message: String) -> StoreError {
        StoreError(.invalidArgument, message)
    }
}

/// Removes passwords from database locations and from any text that might quote one.
enum Redaction {
    /// `scheme://user:***@host/…` for `scheme://user:password@host/…`; other text unchanged.
    static func redact(_ location: String) -> String {
        guard let schemeEnd = location.range(of: "://") else { return location }
        let afterScheme = location[schemeEnd.upperBound...]
        // The user info ends at the last '@' before the path (a password may itself contain '@' or '/').
        guard let at = afterScheme.lastIndex(of: "@") else { return location }
        let userInfo = afterScheme[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return location }
        return String(location[..<afterScheme.index(after: colon)]) + "***" + String(afterScheme[at...])
    }

    /// `text` with every occurrence of `secret` (and its percent-encoded spelling) replaced by `***`.
    static func scrub(_ text: String, secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return text }
        var out = text.replacingOccurrences(of: secret, with: "***")
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            out = out.replacingOccurrences(of: encoded, with: "***")
        }
        return out
    }
}
