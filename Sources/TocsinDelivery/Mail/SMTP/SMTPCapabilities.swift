/// What a server's EHLO reply advertises, as far as the client cares (RFC 5321 4.1.1.1).
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    /// Upper-cased SASL mechanism names from `AUTH PLAIN LOGIN` (or the older `AUTH=PLAIN LOGIN`).
    var authMechanisms: Set<String> = []
    /// The SIZE extension's limit in bytes, when the server names one (0 means no limit).
    var sizeLimit: Int?

    /// No extensions: what a HELO exchange leaves.
    init() {}

    /// Reads the lines after the first (which is the server's name and greeting).
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE": sizeLimit = words.dropFirst().first.flatMap { Int($0) }
            default: break
            }
        }
    }
}
