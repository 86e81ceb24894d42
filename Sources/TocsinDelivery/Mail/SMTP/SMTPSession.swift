/// The SMTP conversation as a state machine: it is fed the server's replies and returns what to do next.
///
/// It knows nothing of sockets or time, so every path (STARTTLS refused, AUTH mechanism choice, a rejected
/// recipient) is tested by feeding replies. ``SMTPClient`` carries out the actions on a channel.
///
/// The flow: greeting, EHLO (HELO only on a plain connection whose server refuses EHLO), STARTTLS and EHLO again
/// when required, AUTH, MAIL FROM, one RCPT TO per recipient, DATA, the message, QUIT. After a failure the
/// machine still sends QUIT, which also discards an unfinished transaction, so nothing is delivered.
struct SMTPSession {
    /// What the machine needs to know about the connection and the message.
    struct Settings: Sendable, Equatable {
        /// `host:port`, for messages.
        var peer: String
        var security: SMTPConfiguration.Security
        var heloName: String
        var credentials: SMTPCredentials?
        /// Whether AUTH may go over an unencrypted connection: only to a loopback address.
        var plaintextAuthAllowed: Bool
        var sender: String
        var recipients: [String]
        /// The dot-stuffed message's size, checked against the SIZE extension.
        var messageSize: Int
    }

    /// Something for the client to do.
    enum Action: Sendable, Equatable {
        case send(SMTPCommand)
        /// Send the dot-stuffed message with its terminating `.` line.
        case sendMessage
        /// Put TLS in front of the connection, then call ``SMTPSession/tlsStarted()``.
        case startTLS
        /// The server took the message; the associated value is its reply.
        case succeed(String)
        /// The message was not delivered.
        case fail(DeliveryError)
        /// Close the connection; the conversation is over.
        case close
    }

    enum State: Sendable, Equatable {
        case greeting, ehlo, helo, startTLS, tlsHandshake
        case authPlain, authLoginUsername, authLoginPassword, authLoginResult
        case mailFrom
        case rcptTo(Int)
        case data, message, quit, closed
    }

    let settings: Settings
    private(set) var state = State.greeting
    private(set) var isEncrypted: Bool
    private(set) var capabilities = SMTPCapabilities()

    /// Starts before the greeting.
    init(settings: Settings) {
        self.settings = settings
        isEncrypted = settings.security == .implicitTLS
    }

    /// What the machine waits for, for a timeout's message: "the greeting", "MAIL FROM:<a@b>".
    var awaiting: String {
        switch state {
        case .greeting: return "the greeting"
        case .ehlo: return "EHLO"
        case .helo: return "HELO"
        case .startTLS: return "STARTTLS"
        case .tlsHandshake: return "the TLS handshake"
        case .authPlain, .authLoginUsername, .authLoginPassword, .authLoginResult: return "AUTH"
        case .mailFrom: return "MAIL FROM:<\(settings.sender)>"
        case .rcptTo(let index): return "RCPT TO:<\(settings.recipients[index])>"
        case .data: return "DATA"
        case .message: return "the end of the message data"
        case .quit, .closed: return "QUIT"
        }
    }

    /// Takes the server's next reply.
    mutating func handle(_ reply: SMTPReply) -> [Action] {
        switch state {
        case .greeting:
            guard reply.code == 220 else { return fail(SMTPFailure.rejected(settings.peer, "the connection", reply)) }
            return send(.ehlo(settings.heloName), then: .ehlo)
        case .ehlo:
            if reply.code == 250 {
                capabilities = SMTPCapabilities(ehloReply: reply)
                return afterHello()
            }
            if reply.isPermanentFailure && settings.security == .none {
                return send(.helo(settings.heloName), then: .helo)
            }
            return fail(SMTPFailure.rejected(settings.peer, "EHLO", reply))
        case .helo:
            guard reply.code == 250 else { return fail(SMTPFailure.rejected(settings.peer, "HELO", reply)) }
            capabilities = SMTPCapabilities()
            return afterHello()
        case .startTLS:
            guard reply.code == 220 else { return fail(SMTPFailure.rejected(settings.peer, "STARTTLS", reply)) }
            if reply.isFollowedByData { return fail(SMTPFailure.dataAfterStartTLS(settings.peer)) }
            state = .tlsHandshake
            return [.startTLS]
        case .tlsHandshake:
            return fail(SMTPFailure.protocolViolation(settings.peer, "it answered before the TLS handshake"))
        case .authPlain, .authLoginResult, .authLoginUsername, .authLoginPassword:
            return handleAuthentication(reply)
        case .mailFrom:
            guard reply.code == 250 else { return fail(SMTPFailure.rejected(settings.peer, awaiting, reply)) }
            guard let first = settings.recipients.first else { return fail(MailFailure.noRecipients()) }
            return send(.rcptTo(first), then: .rcptTo(0))
        case .rcptTo(let index):
            guard reply.code == 250 || reply.code == 251 else {
                return fail(SMTPFailure.recipientRejected(settings.peer, settings.recipients[index], reply))
            }
            let next = index + 1
            if next < settings.recipients.count { return send(.rcptTo(settings.recipients[next]), then: .rcptTo(next)) }
            return send(.data, then: .data)
        case .data:
            guard reply.code == 354 else { return fail(SMTPFailure.rejected(settings.peer, "DATA", reply)) }
            state = .message
            return [.sendMessage]
        case .message:
            guard reply.code == 250 else { return fail(SMTPFailure.rejected(settings.peer, "the message", reply)) }
            state = .quit
            return [.succeed(reply.text), .send(.quit)]
        case .quit:
            state = .closed
            return [.close]
        case .closed:
            return []
        }
    }

    /// TLS is now in front of the connection (the handshake runs while EHLO waits to be written).
    mutating func tlsStarted() -> [Action] {
        guard state == .tlsHandshake else { return [] }
        isEncrypted = true
        return send(.ehlo(settings.heloName), then: .ehlo)
    }

    private mutating func afterHello() -> [Action] {
        if settings.security == .startTLS && !isEncrypted {
            guard capabilities.startTLS else { return fail(SMTPFailure.startTLSNotOffered(settings.peer)) }
            return send(.startTLS, then: .startTLS)
        }
        guard let credentials = settings.credentials else { return mailFrom() }
        guard isEncrypted || settings.plaintextAuthAllowed else {
            return fail(SMTPFailure.authenticationNeedsEncryption(settings.peer))
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            return send(.authPlain(credentials.plainInitialResponse), then: .authPlain)
        }
        if capabilities.authMechanisms.contains("LOGIN") { return send(.authLogin, then: .authLoginUsername) }
        return fail(SMTPFailure.noAuthMechanism(settings.peer, offered: capabilities.authMechanisms))
    }

    private mutating func handleAuthentication(_ reply: SMTPReply) -> [Action] {
        guard let credentials = settings.credentials else { return fail(unexpected(reply)) }
        switch (state, reply.code) {
        case (.authPlain, 235), (.authLoginResult, 235):
            return mailFrom()
        case (.authLoginUsername, 334):
            return send(.authResponse(credentials.loginUsername), then: .authLoginPassword)
        case (.authLoginPassword, 334):
            return send(.authResponse(credentials.loginPassword), then: .authLoginResult)
        default:
            guard reply.isTransientFailure || reply.isPermanentFailure else { return fail(unexpected(reply)) }
            return fail(SMTPFailure.authenticationRejected(settings.peer, user: credentials.username, reply))
        }
    }

    private mutating func mailFrom() -> [Action] {
        if let limit = capabilities.sizeLimit, limit > 0, settings.messageSize > limit {
            return fail(SMTPFailure.messageTooLarge(settings.peer, size: settings.messageSize, limit: limit))
        }
        return send(.mailFrom(settings.sender), then: .mailFrom)
    }

    private mutating func send(_ command: SMTPCommand, then next: State) -> [Action] {
        state = next
        return [.send(command)]
    }

    private mutating func fail(_ error: DeliveryError) -> [Action] {
        state = .quit
        return [.fail(error), .send(.quit)]
    }

    private func unexpected(_ reply: SMTPReply) -> DeliveryError {
        SMTPFailure.protocolViolation(settings.peer, "it answered \(awaiting) with \(reply.text)")
    }
}
