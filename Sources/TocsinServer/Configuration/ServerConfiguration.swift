import Foundation
import TocsinCore
import TocsinResponse

/// Everything `tocsin serve` is configured with: one value, read from `tocsin.yaml` at start and passed down.
///
/// Precedence: flag > `TOCSIN_*` environment > file > default; only the executable applies the first two.
public struct ServerConfiguration: Sendable, Equatable {
    /// Address and port the HTTP server listens on (loopback by default).
    public var host = "127.0.0.1"
    public var port = 8470
    /// Folder for the embedded database and state (relative to the current directory).
    public var dataFolder = "tocsin-data"
    /// `sqlite` (a file in the data folder) or a `postgres://` URL.
    public var database = "sqlite"
    /// Whether Tocsin's own rule pack is loaded.
    public var rulePack = true
    /// More Sigma rule files or folders.
    public var rulePaths: [String] = []
    /// A processing pipeline file instead of the built-in Windows one.
    public var pipeline: String?
    public var ingest = Ingest()
    public var grouping = GroupingPolicy()
    /// How long the live correlation engine waits for out-of-order events (seconds).
    public var correlationTolerance: Double = 60
    public var correlationMaxGroups = 100_000
    /// How long events and alerts are kept (seconds).
    public var retainEvents: Double = 30 * 86400
    public var retainAlerts: Double = 400 * 86400
    public var sessions = Sessions()
    /// Contacts, channels, escalation policies and playbooks.
    public var alarm = AlarmSettings()
    /// The service catalogue and the public status page.
    public var continuity = ContinuitySettings()
    /// bcrypt's cost for password hashes (2^cost rounds). Not in the file: 12 is the floor for people's passwords;
    /// tests lower it to 4 so that a login takes a millisecond.
    public var passwordCost = 12

    /// People's login sessions.
    public struct Sessions: Sendable, Equatable {
        /// A session not used for this long ends (seconds).
        public var idleTimeout: Double = 12 * 3600
        /// A session ends this long after login however much it is used (seconds).
        public var lifetime: Double = 24 * 3600
        /// Whether the session cookie is marked `Secure` (sent over HTTPS only): turn it on behind a TLS proxy.
        public var secureCookie = false

        /// The defaults.
        public init() {}
    }

    /// Limits and listeners of ingest.
    public struct Ingest: Sendable, Equatable {
        /// Largest request body accepted (after decompression).
        public var maxBodyBytes = 16 << 20
        /// Largest single event.
        public var maxEventBytes = 1 << 20
        /// Events per second one token may send (a token bucket of one second's worth).
        public var ratePerToken = 200_000
        /// Events received but not yet matched; past it ingest answers 429 (back-pressure).
        public var queueEvents = 1_000_000
        /// While the oldest event not yet matched has waited longer than this (seconds), ingest holds new batches
        /// until detection catches up (a request up to ``holdSeconds``, then 429), so that alerts stay prompt.
        public var maxDetectionDelay = 0.3
        /// The longest an ingest request is held for detection before it is answered 429 with Retry-After.
        public var holdSeconds = 5.0
        /// Syslog listeners (`host:port`), off when nil.
        public var syslogTCP: String?
        public var syslogUDP: String?
        /// Files or folders followed like `tail -F`.
        public var watch: [String] = []

        /// The defaults.
        public init() {}
    }

    /// The defaults: loopback, SQLite in `tocsin-data`, the rule pack.
    public init() {}
}
