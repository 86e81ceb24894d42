import Hummingbird

/// The `tocsin_session` cookie: read from `Cookie`, written in `Set-Cookie`.
enum SessionCookie {
    static let name = "tocsin_session"

    /// The session secret the request carries, if any.
    static func secret(in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingPrefix(while: { $0 == " " })
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name {
                    let value = trimmed[trimmed.index(after: equals)...]
                    return value.isEmpty ? nil : String(value)
                }
            }
        }
        return nil
    }

    /// The `Set-Cookie` value that hands `secret` to the browser: script cannot read it (HttpOnly) and other
    /// sites' pages cannot make the browser send it (SameSite=Strict). No Max-Age, so it goes when the browser
    /// closes; the server ends it by time in any case.
    static func setting(_ secret: String, secure: Bool) -> String {
        "\(name)=\(secret); HttpOnly; SameSite=Strict; Path=/" + (secure ? "; Secure" : "")
    }

    /// Whether the `X-CSRF-Token` a request sent matches the session's token (compared in constant time).
    static func csrfMatches(_ sent: String, _ expected: String) -> Bool {
        !expected.isEmpty && SessionSecret.equal(sent, expected)
    }

    /// The `Set-Cookie` value that removes the cookie (after a logout).
    static func clearing(secure: Bool) -> String {
        "\(name)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0" + (secure ? "; Secure" : "")
    }
}
