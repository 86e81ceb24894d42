import Foundation
import TocsinCore

/// The facts a message template may use, typed; `values(for:)` turns them into what Mustache reads.
///
/// Only `incident` and `organisation` are always there. Every other group is optional and absent from the rendered
/// values when not given, so a template can say "not yet known" with an inverted section (`{{^notice}}…{{/notice}}`).
/// Times are passed in: nothing here reads the clock.
public struct MessageContext: Sendable, Equatable {
    public var incident: Incident
    public var organisation: Organisation
    /// Who the message is for; absent for a message to a role or a shared address.
    public var recipient: Recipient?
    /// The acknowledgement link of a page; absent for every other message.
    public var ack: AckLink?
    /// Where a page stands in its escalation policy; absent unless the message is a page.
    public var escalation: Escalation?
    /// Who acknowledged the incident, for the note to the others paged.
    public var acknowledged: Acknowledgement?
    /// Version, as-of time and the legal clocks of a notice or briefing.
    public var notice: Notice?
    /// Marks a preview rendered from invented facts; templates show a banner and prefix the subject.
    public var isExample: Bool

    /// Creates a context.
    public init(
        incident: Incident, organisation: Organisation, recipient: Recipient? = nil, ack: AckLink? = nil,
        escalation: Escalation? = nil, acknowledged: Acknowledgement? = nil, notice: Notice? = nil,
        isExample: Bool = false
    ) {
        self.incident = incident
        self.organisation = organisation
        self.recipient = recipient
        self.ack = ack
        self.escalation = escalation
        self.acknowledged = acknowledged
        self.notice = notice
        self.isExample = isExample
    }
}

extension MessageContext {
    /// The incident a message is about.
    public struct Incident: Sendable, Equatable {
        public var id: String
        public var title: String
        public var severity: Level
        public var state: IncidentStatus
        /// When the first alert of the incident happened.
        public var openedAt: Date
        /// Hosts in the order they joined the incident.
        public var hosts: [String]
        /// Rules in the order they first fired.
        public var rules: [Rule]
        /// ATT&CK tactics, e.g. `credential-access`, `impact`.
        public var tactics: [String]
        public var alertCount: Int
        /// The incident in Tocsin's web interface.
        public var url: String?

        /// Creates the facts of an incident.
        public init(
            id: String, title: String, severity: Level, state: IncidentStatus = .new, openedAt: Date,
            hosts: [String] = [], rules: [Rule] = [], tactics: [String] = [], alertCount: Int = 0, url: String? = nil
        ) {
            self.id = id
            self.title = title
            self.severity = severity
            self.state = state
            self.openedAt = openedAt
            self.hosts = hosts
            self.rules = rules
            self.tactics = tactics
            self.alertCount = alertCount
            self.url = url
        }
    }

    /// A detection rule that fired in the incident.
    public struct Rule: Sendable, Equatable {
        public var id: String
        public var title: String?

        /// Creates a rule reference.
        public init(id: String, title: String? = nil) {
            self.id = id
            self.title = title
        }
    }

    /// Where an incident stands, as messages name it (the same values as TocsinResponse's `IncidentState`, which
    /// this module may not import).
    public enum IncidentStatus: String, Sendable, CaseIterable, Equatable {
        case new
        case acknowledged
        case contained
        case resolved
        case closed
    }

    /// The provider that sends the message, from configuration.
    public struct Organisation: Sendable, Equatable {
        public var name: String
        /// Postal address, in one line or several.
        public var address: String?
        public var phone: String?
        public var email: String?
        public var dpo: Contact?
        /// Whom investigators, authorities and the retainer call about the incident.
        public var securityContact: Contact?

        /// Creates the facts of an organisation.
        public init(
            name: String, address: String? = nil, phone: String? = nil, email: String? = nil, dpo: Contact? = nil,
            securityContact: Contact? = nil
        ) {
            self.name = name
            self.address = address
            self.phone = phone
            self.email = email
            self.dpo = dpo
            self.securityContact = securityContact
        }
    }

    /// A person to contact; any part may be missing.
    public struct Contact: Sendable, Equatable {
        public var name: String?
        public var phone: String?
        public var email: String?

        /// Creates a contact.
        public init(name: String? = nil, phone: String? = nil, email: String? = nil) {
            self.name = name
            self.phone = phone
            self.email = email
        }
    }

    /// The person or body a message goes to.
    public struct Recipient: Sendable, Equatable {
        public var name: String?
        public var organisation: String?

        /// Creates a recipient.
        public init(name: String? = nil, organisation: String? = nil) {
            self.name = name
            self.organisation = organisation
        }
    }

    /// The signed link a paged responder follows to acknowledge, and when it stops working.
    public struct AckLink: Sendable, Equatable {
        public var url: String
        public var expiresAt: Date

        /// Creates an acknowledgement link.
        public init(url: String, expiresAt: Date) {
            self.url = url
            self.expiresAt = expiresAt
        }
    }

    /// Where a page stands in its escalation policy, counted from zero as the policy engine counts.
    public struct Escalation: Sendable, Equatable {
        /// 0 for the first tier; messages show `tierIndex + 1`.
        public var tierIndex: Int
        /// 0 for the first pass through the policy; messages show `loopIndex + 1`.
        public var loopIndex: Int

        /// Creates an escalation position.
        public init(tierIndex: Int, loopIndex: Int = 0) {
            self.tierIndex = tierIndex
            self.loopIndex = loopIndex
        }
    }

    /// Who acknowledged an incident, and when.
    public struct Acknowledgement: Sendable, Equatable {
        public var by: String
        public var at: Date

        /// Creates an acknowledgement.
        public init(by: String, at: Date) {
            self.by = by
            self.at = at
        }
    }

    /// What every notice to an authority and every briefing carries: a version, an as-of time, and the moment of
    /// awareness from which the legal clocks run.
    public struct Notice: Sendable, Equatable {
        /// The version of this notice, e.g. `1.0`; a later, fuller notice gets a higher one.
        public var version: String
        /// The time the notice states the facts for ("Stand").
        public var asOf: Date
        /// When the provider became aware of the incident (a decision recorded with author and reason, not the time
        /// of the first alert); nil while nobody has decided it.
        public var awarenessAt: Date?

        /// Creates the notice facts.
        public init(version: String, asOf: Date, awarenessAt: Date? = nil) {
            self.version = version
            self.asOf = asOf
            self.awarenessAt = awarenessAt
        }

        /// BSIG §32(1) Nr. 1 / NIS2 Art. 23(4)(a): the early warning is due 24 hours after awareness.
        public var earlyWarningDue: Date? { awarenessAt.map { $0.addingTimeInterval(24 * 3600) } }
        /// BSIG §32(1) Nr. 2 and GDPR Art. 33(1): the notification is due 72 hours after awareness.
        public var notificationDue: Date? { awarenessAt.map { $0.addingTimeInterval(72 * 3600) } }
    }
}
