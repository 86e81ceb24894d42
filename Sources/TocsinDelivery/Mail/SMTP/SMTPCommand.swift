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
    var line: String {
        switch self {
        case .ehlo(let name): return "EHLO \(name)\r\n"
        case .helo(let name): return "HELO \(name)\r\n"
        case .startTLS: return "STARTTLS\r\n"
        case .authPlain(let response): return "AUTH PLAIN \(response.revealed)\r\n"
        case .authLogin: return "AUTH LOGIN\r\n"
        case .authResponse(let response): return "\(response.revealed)\r\n"
        case .mailFrom(let address): return "MAIL FROM:<\(address)>\r\n"
        case .rcptTo(let address): return "RCPT TO:<\(address)>\r\n"
        case .data: return "DATA\r\n"
        case .quit: return "QUIT\r\n"
        }
    }

    var description: String {
        switch self {
        case .authPlain: return "AUTH PLAIN ***"
        case .authResponse: return "*** (AUTH LOGIN answer)"
        default: return String(line.dropLast(2))
        }
    }
}
