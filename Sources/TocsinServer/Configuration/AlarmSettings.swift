import Foundation
import TocsinResponse

/// The alarm chain's part of the configuration: who is told what, over which channels, and how delivery retries.
public struct AlarmSettings: Sendable, Equatable {
    /// Contacts, escalation policies and playbooks (validated by ``AlarmPlanner``).
    public var configuration = AlarmConfiguration()
    /// Channels by name, in the file's order.
    public var channels: [ChannelSettings] = []
    /// The provider itself, as notices name it.
    public var organisation = OrganisationSettings()
    /// Where people reach this server (links in messages: incidents, acknowledgement); `nil` leaves links out.
    public var publicURL: String?
    public var delivery = DeliverySettings()
    /// How long an acknowledgement link in a page stays valid (seconds).
    public var acknowledgementLinkLifetime: Double = 24 * 3600
    /// A folder of the operator's own message templates, replacing the bundled ones of the same name.
    public var templates: String?
    /// Where each item of the alarm sections is in the file, by the validator's paths (`contacts[anna]`,
    /// `policies[critical].tiers[0]`), so its diagnostics name lines.
    public var locations: [String: Int] = [:]

    /// No contacts, no channels: nobody is told anything.
    public init() {}

    /// The channel named `name`.
    public func channel(named name: String) -> ChannelSettings? { channels.first { $0.name == name } }
}

/// One configured channel.
public struct ChannelSettings: Sendable, Equatable {
    /// How it delivers.
    public enum Kind: Sendable, Equatable {
        case smtp(SMTPSettings)
        /// A local MTA: `sendmail -t -oi` at this path.
        case sendmail(path: String)
        case webhook(url: String, secretVariable: String?)
        case pagerDuty(url: String, routingKeyVariable: String)
        /// Messages written as `.eml` files into a folder (a dry run, or a hand-off to another system).
        case file(directory: String)

        /// Whether it carries e-mail (and so needs a sender and contacts' addresses).
        public var isMail: Bool {
            switch self {
            case .smtp, .sendmail, .file: true
            case .webhook, .pagerDuty: false
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// The sender of e-mail channels (`Tocsin <tocsin@example.org>`).
    public var from: String?
    /// How long one delivery may take (seconds).
    public var timeout: Double = 30

    /// Creates a channel.
    public init(name: String, kind: Kind, from: String? = nil, timeout: Double = 30) {
        self.name = name
        self.kind = kind
        self.from = from
        self.timeout = timeout
    }
}

/// An SMTP server to hand mail to.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// `starttls` (required, never a fall-back to plain text), `tls` (implicit TLS) or `none` (a local relay).
    public var security: String
    public var username: String?
    /// The environment variable that holds the password (secrets are not kept in the file).
    public var passwordVariable: String?
    /// A PEM file of certificate authorities to trust instead of the system's.
    public var caFile: String?
    public var heloName: String?

    /// Creates settings.
    public init(
        host: String, port: Int, security: String, username: String? = nil, passwordVariable: String? = nil,
        caFile: String? = nil, heloName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.passwordVariable = passwordVariable
        self.caFile = caFile
        self.heloName = heloName
    }
}

/// The provider as notices to authorities name it.
public struct OrganisationSettings: Sendable, Equatable {
    public var name = "(organisation name not configured)"
    public var address: String?
    public var phone: String?
    public var email: String?
    public var dpoName: String?
    public var dpoEmail: String?
    public var dpoPhone: String?
    public var securityContactName: String?
    public var securityContactPhone: String?
    public var securityContactEmail: String?

    /// Nothing but a placeholder name.
    public init() {}
}

/// How the outbox delivers.
public struct DeliverySettings: Sendable, Equatable {
    /// Attempts per message, the first included.
    public var attempts = 8
    /// The first retry's delay (seconds); it doubles per attempt up to `maximumDelay`, with jitter.
    public var initialDelay: Double = 5
    public var maximumDelay: Double = 600
    /// Messages delivered at once.
    public var concurrency = 8
    /// How often escalations are looked at (seconds).
    public var tick: Double = 1

    /// The defaults.
    public init() {}
}
