/// The SMTP client's error codes, T710–T729, as ``DeliveryError`` values. `peer` is `host:port`.
///
/// A reply the server sent is quoted as its code and text; the text was stripped of control characters when it
/// was decoded. Credentials never appear: commands are named by their redacted `description`.
enum SMTPFailure {
    static func connectFailed(_ peer: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .transient, code: "T710", "could not connect to the SMTP server \(peer): \(reason)",
            hint: "check that the server runs and that host and port are right; the message will be retried")
    }

    static func connectTimeout(_ peer: String, _ timeout: Duration) -> DeliveryError {
        DeliveryError(
            .transient, code: "T711", "no TCP connection to the SMTP server \(peer) within \(seconds(timeout))",
            hint: "a firewall may drop the packets; the message will be retried")
    }

    static func timeout(_ peer: String, waitingFor step: String, _ timeout: Duration) -> DeliveryError {
        DeliveryError(
            .transient, code: "T712", "the SMTP server \(peer) did not answer \(step) within \(seconds(timeout))",
            hint: "the server is slow or stuck; raise the command timeout if it is just slow")
    }

    static func connectionLost(_ peer: String, waitingFor step: String, _ detail: String) -> DeliveryError {
        DeliveryError(
            .transient, code: "T713", "the SMTP server \(peer) \(detail) while the client waited for \(step)",
            hint: "the message will be retried")
    }

    static func tlsFailed(_ peer: String, _ detail: String) -> DeliveryError {
        DeliveryError(
            .transient, code: "T714", "the TLS handshake with the SMTP server \(peer) failed: \(detail)",
            hint: "check that the port speaks the chosen security (implicit TLS on 465, STARTTLS on 587)")
    }

    static func certificateRejected(_ peer: String, _ detail: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T715", "the certificate of the SMTP server \(peer) is not trusted: \(detail)",
            hint: "the certificate must be valid for the host name and signed by a trusted CA; for a private CA, "
                + "give its PEM file as the trust setting")
    }

    static func startTLSNotOffered(_ peer: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T716",
            "the SMTP server \(peer) does not offer STARTTLS, which the configuration requires",
            hint: "nothing was sent in plain text; enable STARTTLS on the server, use implicit TLS, or choose "
                + "security 'none' for a relay on this machine")
    }

    static func authenticationNeedsEncryption(_ peer: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T717", "refusing to send credentials to the SMTP server \(peer) over plain text",
            hint: "use STARTTLS or implicit TLS; AUTH without TLS is only allowed to a server on this machine")
    }

    static func noAuthMechanism(_ peer: String, offered: Set<String>) -> DeliveryError {
        let list = offered.isEmpty ? "none" : offered.sorted().joined(separator: ", ")
        return DeliveryError(
            .permanent, code: "T718",
            "the SMTP server \(peer) offers no authentication the client speaks (PLAIN, LOGIN); it offers: \(list)",
            hint: "enable AUTH PLAIN or LOGIN on the server, or remove the credentials")
    }

    static func authenticationRejected(_ peer: String, user: String, _ reply: SMTPReply) -> DeliveryError {
        DeliveryError(
            kind(of: reply), code: "T719",
            "the SMTP server \(peer) refused the credentials of '\(user)': \(reply.text)",
            hint: reply.isPermanentFailure ? "check the user name and password" : nil)
    }

    static func rejected(_ peer: String, _ step: String, _ reply: SMTPReply) -> DeliveryError {
        DeliveryError(
            kind(of: reply), code: "T720", "the SMTP server \(peer) answered \(step) with \(reply.text)",
            hint: reply.isPermanentFailure ? nil : "the message will be retried")
    }

    static func recipientRejected(_ peer: String, _ address: String, _ reply: SMTPReply) -> DeliveryError {
        DeliveryError(
            kind(of: reply), code: "T721",
            "the SMTP server \(peer) refused the recipient \(address): \(reply.text); nothing was sent",
            hint: reply.isPermanentFailure ? "check the address" : "the message will be retried")
    }

    static func protocolViolation(_ peer: String, _ detail: String) -> DeliveryError {
        DeliveryError(
            .transient, code: "T722", "the SMTP server \(peer) broke the protocol: \(detail)",
            hint: "check that host and port belong to an SMTP server")
    }

    static func tlsConfiguration(_ detail: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T723", "the SMTP client's TLS settings cannot be used: \(detail)",
            hint: "the trust setting takes a readable PEM file of CA certificates")
    }

    static func invalidConfiguration(_ detail: String) -> DeliveryError {
        DeliveryError(.permanent, code: "T724", "invalid SMTP configuration: \(detail)")
    }

    static func messageTooLarge(_ peer: String, size: Int, limit: Int) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T725",
            "the message has \(size) bytes, more than the \(limit) the SMTP server \(peer) accepts")
    }

    static func dataAfterStartTLS(_ peer: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T726",
            "the SMTP server \(peer) sent more data right after agreeing to STARTTLS; refusing to start TLS",
            hint: "plain text in front of the handshake is a known injection attack (or a broken server)")
    }

    private static func kind(of reply: SMTPReply) -> DeliveryError.Kind {
        reply.isPermanentFailure ? .permanent : .transient
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(milliseconds) / 1000) s"
    }
}
