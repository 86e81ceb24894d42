import Foundation

/// The facts a webhook body carries about a message and its incident.
public struct WebhookFacts: Sendable, Equatable {
    /// What the message is: `trigger` (a page or notice), `acknowledge` or `resolve` (the incident's state).
    public enum Action: String, Sendable, Equatable {
        case trigger
        case acknowledge
        case resolve
    }

    public var action: Action
    public var idempotencyKey: String
    /// The store id of the incident.
    public var incidentID: Int64
    public var incidentTitle: String
    /// Tocsin's severity name (`critical`, `high`, `medium`, `low`, `informational`).
    public var severity: String
    public var hosts: [String]
    public var tags: [String]
    public var openedAt: Date
    /// The rendered message.
    public var subject: String
    public var text: String
    public var contact: String
    public var template: String
    /// A link to the incident in Tocsin, when the server knows its public URL.
    public var incidentURL: String?
    /// The acknowledgement link of a page.
    public var acknowledgeURL: String?

    /// Creates the facts.
    public init(
        action: Action, idempotencyKey: String, incidentID: Int64, incidentTitle: String, severity: String,
        hosts: [String], tags: [String], openedAt: Date, subject: String, text: String, contact: String,
        template: String, incidentURL: String? = nil, acknowledgeURL: String? = nil
    ) {
        self.action = action
        self.idempotencyKey = idempotencyKey
        self.incidentID = incidentID
        self.incidentTitle = incidentTitle
        self.severity = severity
        self.hosts = hosts
        self.tags = tags
        self.openedAt = openedAt
        self.subject = subject
        self.text = text
        self.contact = contact
        self.template = template
        self.incidentURL = incidentURL
        self.acknowledgeURL = acknowledgeURL
    }
}

/// JSON bodies for webhook channels, built when the message is decided and stored with it.
public enum WebhookBody {
    /// Tocsin's generic shape (keys sorted):
    /// `{"event": "tocsin.trigger", "idempotency_key", "incident": {id, title, severity, hosts, tags, opened_at, url},
    /// "message": {subject, text, template, contact}, "acknowledge_url"}`.
    public static func generic(_ facts: WebhookFacts) -> String {
        var incident: [String: Any] = [
            "id": Int(facts.incidentID), "title": facts.incidentTitle, "severity": facts.severity,
            "hosts": facts.hosts, "tags": facts.tags, "opened_at": iso(facts.openedAt),
        ]
        if let url = facts.incidentURL { incident["url"] = url }
        var object: [String: Any] = [
            "event": "tocsin.\(facts.action.rawValue)", "idempotency_key": facts.idempotencyKey, "incident": incident,
            "message": [
                "subject": facts.subject, "text": facts.text, "template": facts.template, "contact": facts.contact,
            ],
        ]
        if let url = facts.acknowledgeURL { object["acknowledge_url"] = url }
        return json(object)
    }

    /// PagerDuty's Events API v2 shape without `routing_key` (the transport adds it). One PagerDuty alert per
    /// incident: `dedup_key` is `tocsin-incident-<id>`, so acknowledging or resolving in Tocsin does the same there.
    public static func pagerDuty(_ facts: WebhookFacts) -> String {
        var object: [String: Any] = [
            "event_action": facts.action.rawValue, "dedup_key": "tocsin-incident-\(facts.incidentID)",
        ]
        if facts.action == .trigger {
            var details: [String: Any] = [
                "incident_id": Int(facts.incidentID), "hosts": facts.hosts, "tags": facts.tags,
                "tocsin_severity": facts.severity, "message": facts.text,
            ]
            if let url = facts.acknowledgeURL { details["acknowledge_url"] = url }
            object["payload"] = [
                "summary": String(facts.subject.prefix(1024)), "source": facts.hosts.first ?? "tocsin",
                "severity": pagerDutySeverity(facts.severity), "timestamp": iso(facts.openedAt),
                "component": facts.hosts.first ?? "estate", "group": "tocsin", "class": facts.template,
                "custom_details": details,
            ]
            object["client"] = "Tocsin"
            if let url = facts.incidentURL {
                object["client_url"] = url
                object["links"] = [["href": url, "text": "Incident \(facts.incidentID) in Tocsin"]]
            }
        }
        return json(object)
    }

    /// Tocsin's levels on PagerDuty's four severities.
    public static func pagerDutySeverity(_ level: String) -> String {
        switch level {
        case "critical": "critical"
        case "high": "error"
        case "medium": "warning"
        default: "info"
        }
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
