import Foundation
import TocsinCore
import TocsinDelivery
import TocsinResponse
import TocsinStore

/// Turns the planner's decisions into outbox messages, rendered in full when decided: the outbox later delivers
/// exactly what was decided, and the record shows it.
struct MessageComposer: Sendable {
    let settings: AlarmSettings
    let templates: MessageTemplates
    let links: AcknowledgementLinks
    let contacts: [String: Contact]

    init(settings: AlarmSettings, templates: MessageTemplates, links: AcknowledgementLinks) {
        self.settings = settings
        self.templates = templates
        self.links = links
        var contacts: [String: Contact] = [:]
        for contact in settings.configuration.contacts { contacts[contact.id] = contact }
        self.contacts = contacts
    }

    var organisation: MessageContext.Organisation {
        let organisation = settings.organisation
        func person(_ name: String?, _ email: String?, _ phone: String?) -> MessageContext.Contact? {
            name == nil && email == nil && phone == nil ? nil : MessageContext.Contact(name: name, phone: phone, email: email)
        }
        return MessageContext.Organisation(
            name: organisation.name, address: organisation.address, phone: organisation.phone, email: organisation.email,
            dpo: person(organisation.dpoName, organisation.dpoEmail, organisation.dpoPhone),
            securityContact: person(
                organisation.securityContactName, organisation.securityContactEmail,
                organisation.securityContactPhone))
    }

    func incidentURL(_ id: Int64) -> String? { settings.publicURL.map { "\($0)/incidents/\(id)" } }

    /// The outbox message for one decision at `time`.
    func draft(_ decision: MessageDecision, facts: AlarmFacts, at time: Date) throws -> OutboxDraft {
        let contact = contacts[decision.contactID]
        var ack: MessageContext.AckLink?
        if decision.escalationTier != nil, let base = settings.publicURL {
            let expires = time.addingTimeInterval(settings.acknowledgementLinkLifetime)
            let token = links.token(incidentID: facts.incidentID, contact: decision.contactID, expiresAt: expires)
            ack = MessageContext.AckLink(url: "\(base)/ack/\(token)", expiresAt: expires)
        }
        let context = MessageContext(
            incident: facts.context(url: incidentURL(facts.incidentID)), organisation: organisation,
            recipient: MessageContext.Recipient(name: contact?.name, organisation: contact?.organisation), ack: ack,
            escalation: decision.escalationTier.map {
                MessageContext.Escalation(tierIndex: $0, loopIndex: decision.escalationLoop ?? 0)
            },
            notice: decision.template == "page"
                ? nil : MessageContext.Notice(version: "1.0", asOf: time, awarenessAt: facts.openedAt))
        let rendered = try templates.render(decision.template, language: decision.language, context: context)
        return makeDraft(
            key: decision.key, cause: decision.cause, contact: decision.contactID, endpoint: decision.endpoint,
            language: decision.language, template: decision.template, rendered: rendered, facts: facts,
            action: .trigger, acknowledgeURL: ack?.url,
            status: decision.approval == .required ? .awaitingApproval : .pending)
    }

    /// A note to everyone paged for an incident that it was acknowledged (and, on PagerDuty channels, the Events v2
    /// `acknowledge` or `resolve` for its alert).
    func stateNotes(
        for facts: AlarmFacts, paged: [(contact: String, channel: String)], actor: String, action: WebhookFacts.Action,
        generation: String, at time: Date
    ) throws -> [OutboxDraft] {
        var drafts: [OutboxDraft] = []
        var seen = Set<String>()
        for (contactID, channelName) in paged {
            guard seen.insert("\(contactID)|\(channelName)").inserted, let contact = contacts[contactID],
                let endpoint = contact.endpoints.first(where: { $0.channel == channelName }),
                let channel = settings.channel(named: channelName)
            else { continue }
            let cause = "incident:\(facts.incidentID):\(action.rawValue):\(generation)"
            if case .pagerDuty = channel.kind {
            } else if action != .acknowledge {
                continue
            }
            let context = MessageContext(
                incident: facts.context(url: incidentURL(facts.incidentID)), organisation: organisation,
                recipient: MessageContext.Recipient(name: contact.name, organisation: contact.organisation),
                acknowledged: MessageContext.Acknowledgement(by: actor, at: time))
            let rendered = try templates.render("acknowledged", language: contact.language, context: context)
            drafts.append(
                makeDraft(
                    key: "\(cause)|\(contactID)|\(channelName)", cause: cause, contact: contactID, endpoint: endpoint,
                    language: contact.language, template: "acknowledged", rendered: rendered, facts: facts,
                    action: action, acknowledgeURL: nil, status: .pending))
        }
        return drafts
    }

    private func makeDraft(
        key: String, cause: String, contact: String, endpoint: ContactEndpoint, language: Language, template: String,
        rendered: RenderedMessage, facts: AlarmFacts, action: WebhookFacts.Action, acknowledgeURL: String?,
        status: OutboxStatus
    ) -> OutboxDraft {
        let webhook = WebhookFacts(
            action: action, idempotencyKey: key, incidentID: facts.incidentID, incidentTitle: facts.title,
            severity: facts.severity.description, hosts: facts.hosts, tags: facts.tags.sorted(),
            openedAt: facts.openedAt, subject: rendered.subject, text: rendered.text, contact: contact,
            template: template, incidentURL: incidentURL(facts.incidentID), acknowledgeURL: acknowledgeURL)
        var payload = "{}"
        switch settings.channel(named: endpoint.channel)?.kind {
        case .webhook: payload = WebhookBody.generic(webhook)
        case .pagerDuty: payload = WebhookBody.pagerDuty(webhook)
        default: break
        }
        return OutboxDraft(
            idempotencyKey: key, incidentID: facts.incidentID, cause: cause, contact: contact, channel: endpoint.channel,
            address: endpoint.address, language: language.rawValue, template: template, subject: rendered.subject,
            text: rendered.text, html: rendered.html, payload: payload, status: status)
    }
}
