/// An e-mail address: a plain `local@domain` addr-spec and an optional display name.
///
/// Validation keeps header injection out by construction: the address is ASCII dot-atoms without spaces, angle
/// brackets or control characters, and the display name is a single line (the MIME writer quotes or encodes it).
/// Quoted local parts and internationalised addresses (SMTPUTF8) are refused rather than half supported.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The addr-spec, e.g. `alerts@tocsin.example`.
    public let address: String
    /// The name shown beside the address, e.g. `Tocsin Störungsmeldung`; nil for none.
    public let displayName: String?

    /// Validates and creates an address; throws a permanent ``DeliveryError`` (T700, T701) naming the bad part.
    public init(_ address: String, displayName: String? = nil) throws {
        if let problem = Self.problem(address) { throw MailFailure.invalidAddress(address, problem) }
        if let displayName, let problem = Self.displayNameProblem(displayName) {
            throw MailFailure.invalidDisplayName(displayName, problem)
        }
        self.address = address
        self.displayName = displayName?.isEmpty == true ? nil : displayName
    }

    /// The part before the last `@`.
    public var localPart: Substring { address[..<domainSeparator] }
    /// The part after the last `@`.
    public var domain: Substring { address[address.index(after: domainSeparator)...] }

    /// `Name <local@domain>` or the bare address, unencoded: for logs and messages, not for headers.
    public var description: String {
        guard let displayName else { return address }
        return "\(displayName) <\(address)>"
    }

    private var domainSeparator: String.Index { address.lastIndex(of: "@") ?? address.endIndex }

    private static func problem(_ address: String) -> String? {
        if let bad = address.unicodeScalars.first(where: { MailText.isControl($0) || $0 == "<" || $0 == ">" }) {
            return "\(MailText.describe(bad)) is not allowed in an address"
        }
        if address.utf8.count > 254 { return "it is longer than 254 characters" }
        if let bad = address.unicodeScalars.first(where: { !$0.isASCII }) {
            return "\(MailText.describe(bad)) is not ASCII (internationalised addresses are not supported)"
        }
        guard let at = address.lastIndex(of: "@") else { return "it has no '@'" }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        if local.utf8.count > 64 { return "the local part is longer than 64 characters" }
        if let problem = MailText.dotAtomProblem(local) { return "the local part is not valid: \(problem)" }
        if let problem = domainProblem(domain) { return "the domain is not valid: \(problem)" }
        return nil
    }

    private static func domainProblem(_ domain: Substring) -> String? {
        if domain.isEmpty { return "it is empty" }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "it has an empty label" }
            if label.utf8.count > 63 { return "a label is longer than 63 characters" }
            if label.first == "-" || label.last == "-" { return "a label starts or ends with '-'" }
            if let bad = label.unicodeScalars.first(where: { !isLetterDigitHyphen($0) }) {
                return "\(MailText.describe(bad)) is not allowed"
            }
        }
        return nil
    }

    private static func isLetterDigitHyphen(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-": return true
        default: return false
        }
    }

    private static func displayNameProblem(_ name: String) -> String? {
        if let bad = MailText.firstControl(in: name) { return "\(MailText.describe(bad)) is not allowed" }
        if name.unicodeScalars.count > 200 { return "it is longer than 200 characters" }
        return nil
    }
}
