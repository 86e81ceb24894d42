import NIOCore
import NIOSSL

/// Carries out an ``SMTPSession``'s actions on one connection: writes commands, reads replies, puts TLS in front
/// for STARTTLS, and bounds every step by the command timeout.
///
/// The timeout is a task on the channel's event loop that raises ``TimedOut`` into the pipeline and closes the
/// channel; the reply stream then ends with that error, so no reply is read without a deadline.
struct SMTPConversation {
    /// The watchdog's error.
    struct TimedOut: Error {}
    /// The server closed the connection while the client waited.
    struct Closed: Error {}

    let channel: any Channel
    let tlsContext: NIOSSLContext?
    let serverHostname: String
    let commandTimeout: Duration
    /// The dot-stuffed message with its terminator.
    let payload: [UInt8]
    private(set) var session: SMTPSession
    private var watchdog: Scheduled<Void>?

    init(
        channel: any Channel, session: SMTPSession, payload: [UInt8], tlsContext: NIOSSLContext?,
        serverHostname: String, commandTimeout: Duration
    ) {
        self.channel = channel
        self.session = session
        self.payload = payload
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        self.commandTimeout = commandTimeout
    }

    /// Runs the conversation to its end; returns the server's reply to the message or throws a ``DeliveryError``.
    ///
    /// Once the outcome is known (the message accepted or refused), a failure on the way out — QUIT unanswered,
    /// the connection dropped — no longer changes it.
    mutating func run(
        inbound: NIOAsyncChannelInboundStream<SMTPReply>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> String {
        var replies = inbound.makeAsyncIterator()
        var outcome: Result<String, DeliveryError>?
        var actions: [SMTPSession.Action] = []
        do {
            conversation: while true {
                arm()
                var queue = actions[...]
                while let action = queue.popFirst() {
                    switch action {
                    case .send(let command): try await outbound.write(ByteBuffer(string: command.line))
                    case .sendMessage: try await outbound.write(ByteBuffer(bytes: payload))
                    case .startTLS:
                        try await startTLS()
                        queue.append(contentsOf: session.tlsStarted())
                    case .succeed(let reply): outcome = .success(reply)
                    case .fail(let error): outcome = .failure(error)
                    case .close: break conversation
                    }
                }
                guard let reply = try await replies.next() else { throw Closed() }
                actions = session.handle(reply)
            }
        } catch {
            var failure = error
            // A write to a channel that closed under it (a TLS handshake that failed after STARTTLS, say) says only
            // "closed"; the reason the pipeline raised is on the reply stream, which has ended, so reading it is
            // prompt.
            if let channelError = error as? ChannelError, channelError == .ioOnClosedChannel || channelError == .alreadyClosed {
                do { _ = try await replies.next() } catch { failure = error }
            }
            if outcome == nil {
                if Task.isCancelled {
                    disarm()
                    throw CancellationError()
                }
                outcome = .failure(deliveryError(for: failure))
            }
        }
        disarm()
        let peer = session.settings.peer
        return try (outcome ?? .failure(SMTPFailure.protocolViolation(peer, "the conversation ended early"))).get()
    }

    private mutating func arm() {
        watchdog?.cancel()
        let channel = self.channel
        watchdog = channel.eventLoop.scheduleTask(in: SMTPClient.timeAmount(commandTimeout)) {
            channel.pipeline.fireErrorCaught(TimedOut())
            channel.close(promise: nil)
        }
    }

    private mutating func disarm() {
        watchdog?.cancel()
        watchdog = nil
    }

    private func startTLS() async throws {
        guard let context = tlsContext else {
            throw SMTPFailure.invalidConfiguration("STARTTLS without a TLS context")
        }
        let channel = self.channel
        let hostname = serverHostname
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    private func deliveryError(for error: Error) -> DeliveryError {
        let peer = session.settings.peer
        let step = session.awaiting
        switch error {
        case let error as DeliveryError:
            return error
        case is TimedOut:
            return SMTPFailure.timeout(peer, waitingFor: step, commandTimeout)
        case is Closed:
            return SMTPFailure.connectionLost(peer, waitingFor: step, "closed the connection")
        case let error as SMTPReplyParser.Malformed:
            return SMTPFailure.protocolViolation(
                peer, "it sent the line \(MailFailure.quoted(error.line)), but \(error.reason)")
        default:
            if let tls = SMTPTLS.deliveryError(for: error, peer: peer) { return tls }
            return SMTPFailure.connectionLost(peer, waitingFor: step, "dropped the connection (\(error))")
        }
    }
}
