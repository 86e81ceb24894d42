/// A command the client sends. Its `description` is what logs and error messages show: credentials as `***`.
enum SMTPCommand: Sendable, Equatable, CustomStringConvertible {
    case ehlo(String)
    case helo(String)
    case startTLS
    /// AUTH PLAIN with its initial response (RFC 4954), saving a round trip.
    case authPlain(SMTPSecret)
    case authLogin
    /// An answer to a 334 challenge: a base64 user name or password.
    case authResponse(SMTPSecret)
    case mailFrom(String)
    case rcptTo(String)
    case data
    case quit

    /// The line on the wire, with its CRLF.
    var line: String { text + "\r\n" }

    private var text: String {
        switch self {
        case .ehlo(let name): return "EHLO \(name)"
        case .helo(let name): return "HELO \(name)"
        case .startTLS: return "STARTTLS"
        case .authPlain(let response): return "AUTH PLAIN \(response.revealed)"
        case .authLogin: return "AUTH LOGIN"
        case .authResponse(let response): return response.revealed
        case .mailFrom(let address): return "MAIL FROM:<\(address)>"
        case .rcptTo(let address): return "RCPT TO:<\(address)>"
        case .data: return "DATA"
        case .quit: return "QUIT"
        }
    }

    var description: String {
        switch self {
        case .authPlain: return "AUTH PLAIN ***"
        case .authResponse: return "*** (AUTH LOGIN answer)"
        default: return text
        }
    }
}
