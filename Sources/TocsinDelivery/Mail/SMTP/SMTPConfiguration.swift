/// Where and how ``SMTPClient`` connects: server, security, credentials, trust and timeouts.
public struct SMTPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable {
        /// TLS from the first byte ("SMTPS", usually port 465).
        case implicitTLS
        /// Plain text until STARTTLS, which is required: a server that does not offer it is refused, never
        /// talked to in plain text (usually port 587).
        case startTLS
        /// Plain text throughout: only for a relay on the same machine or a trusted network (usually port 25).
        case none
    }

    /// Which certificates the client accepts from the server.
    public enum Trust: Sendable, Hashable {
        /// The operating system's root certificates.
        case systemRoots
        /// The CA certificates in a PEM file (a private CA, or a test's).
        case caFile(String)
    }

    /// The server's host name or IP address; also the name its certificate must carry.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// Credentials for AUTH; nil to send without authenticating.
    public var credentials: SMTPCredentials?
    /// The name the client gives in EHLO: this machine's fully qualified host name.
    public var heloName: String
    /// Which certificates the client accepts.
    public var trust: Trust
    /// How long to wait for the TCP connection.
    public var connectTimeout: Duration
    /// How long to wait for each reply (the greeting, the TLS handshake and every command, the message data's
    /// final answer included).
    public var commandTimeout: Duration

    /// Creates a configuration; `port` defaults to 465, 587 or 25 according to `security`.
    public init(
        host: String, port: Int? = nil, security: Security = .startTLS, credentials: SMTPCredentials? = nil,
        heloName: String = "localhost", trust: Trust = .systemRoots, connectTimeout: Duration = .seconds(10),
        commandTimeout: Duration = .seconds(60)
    ) {
        self.host = host
        self.security = security
        self.port = port ?? Self.defaultPort(for: security)
        self.credentials = credentials
        self.heloName = heloName
        self.trust = trust
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// The usual port for `security`.
    public static func defaultPort(for security: Security) -> Int {
        switch security {
        case .implicitTLS: return 465
        case .startTLS: return 587
        case .none: return 25
        }
    }

    /// `smtp://user:***@host:port (startTLS)`: safe to log.
    public var description: String {
        let user = credentials.map { "\($0.username):***@" } ?? ""
        return "smtp://\(user)\(host):\(port) (\(security.rawValue))"
    }
}
