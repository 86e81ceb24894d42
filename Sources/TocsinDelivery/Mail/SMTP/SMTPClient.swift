import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail through an SMTP server over SwiftNIO: implicit TLS, required STARTTLS, or plain text to a relay.
///
/// One connection per message: greeting, EHLO, STARTTLS and EHLO again, AUTH, MAIL FROM, RCPT TO for every
/// recipient, DATA, QUIT. 4xx replies, lost connections, timeouts and failed handshakes are transient; 5xx replies,
/// an untrusted certificate and a server without the required STARTTLS are permanent. The protocol itself lives in
/// ``SMTPSession``, a state machine this type only drives.
public struct SMTPClient: MailTransport {
    /// Where and how the client connects.
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let tlsContext: NIOSSLContext?

    /// Validates `configuration` and loads its trust roots; throws a permanent ``DeliveryError`` (T723, T724).
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        try Self.validate(configuration)
        self.configuration = configuration
        self.group = eventLoopGroup
        tlsContext = configuration.security == .none ? nil : try SMTPTLS.makeContext(trust: configuration.trust)
    }

    /// Delivers `message` to its `To` recipients; returns the server's reply to the message data.
    public func send(_ message: MailMessage) async throws -> MailReceipt {
        let payload = SMTPDotStuffing.stuff(MailMIMEWriter().render(message))
        let asyncChannel = try await connect()
        let settings = SMTPSession.Settings(
            peer: peer, security: configuration.security, heloName: configuration.heloName,
            credentials: configuration.credentials,
            plaintextAuthAllowed: Self.isLoopback(asyncChannel.channel.remoteAddress),
            sender: message.from.address, recipients: message.to.map(\.address), messageSize: payload.count)
        let reply = try await asyncChannel.executeThenClose { inbound, outbound in
            var conversation = SMTPConversation(
                channel: asyncChannel.channel, session: SMTPSession(settings: settings), payload: payload,
                tlsContext: tlsContext, serverHostname: configuration.host,
                commandTimeout: configuration.commandTimeout)
            return try await conversation.run(inbound: inbound, outbound: outbound)
        }
        return MailReceipt(messageID: message.messageID, response: reply)
    }

    private var peer: String { "\(configuration.host):\(configuration.port)" }

    private func connect() async throws -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let hostname = configuration.host
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(Self.timeAmount(configuration.connectTimeout))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let implicitTLS {
                            try pipeline.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: hostname))
                        }
                        try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as ChannelError {
            if case .connectTimeout = error { throw SMTPFailure.connectTimeout(peer, configuration.connectTimeout) }
            throw SMTPFailure.connectFailed(peer, "\(error)")
        } catch let error as NIOConnectionError {
            throw SMTPFailure.connectFailed(peer, Self.describe(error))
        } catch {
            throw SMTPFailure.connectFailed(peer, "\(error)")
        }
    }

    private static func describe(_ error: NIOConnectionError) -> String {
        if let failure = error.connectionErrors.first { return "\(failure.error)" }
        if error.dnsAError != nil || error.dnsAAAAError != nil { return "cannot resolve the host name" }
        return "\(error)"
    }

    /// AUTH may go unencrypted only to this machine: an address in 127.0.0.0/8 or ::1.
    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// A `Duration` as NIO's `TimeAmount`, clamped to a day.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let clamped = min(max(seconds, 0), 86_400)
        return .nanoseconds(clamped * 1_000_000_000 + (seconds < 0 ? 0 : attoseconds / 1_000_000_000))
    }
}
