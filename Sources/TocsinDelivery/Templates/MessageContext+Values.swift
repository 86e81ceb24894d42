import Foundation
import TocsinCore

extension MessageContext {
    /// The facts as nested dictionaries with snake_case keys, times formatted for `language`.
    ///
    /// A fact that is not known is left out (never an empty string), because Mustache treats an empty string as
    /// present: `{{#organisation.phone}}` must be false when there is no phone. Lists are always there, possibly
    /// empty. The keys are listed in Resources/templates/README.md.
    public func values(for language: Language) -> [String: Any] {
        var root: [String: Any] = [
            "incident": incident.values(for: language),
            "organisation": organisation.values,
        ]
        if isExample { root["example"] = true }
        if let recipient {
            var values: [String: Any] = [:]
            values["name"] = recipient.name.nonEmpty
            values["organisation"] = recipient.organisation.nonEmpty
            root["recipient"] = values
        }
        if let ack {
            root["ack"] = ["url": ack.url, "expires_at": MessageTime.format(ack.expiresAt, language: language)]
        }
        if let escalation {
            root["escalation"] = [
                "tier": escalation.tierIndex + 1, "loop": escalation.loopIndex + 1,
                "repeated": escalation.loopIndex > 0,
            ]
        }
        if let acknowledged {
            root["acknowledged"] = [
                "by": acknowledged.by, "at": MessageTime.format(acknowledged.at, language: language),
            ]
        }
        if let notice {
            var values: [String: Any] = [
                "version": notice.version, "as_of": MessageTime.format(notice.asOf, language: language),
            ]
            values["awareness_at"] = notice.awarenessAt.map { MessageTime.format($0, language: language) }
            values["early_warning_due"] = notice.earlyWarningDue.map { MessageTime.format($0, language: language) }
            values["notification_due"] = notice.notificationDue.map { MessageTime.format($0, language: language) }
            root["notice"] = values
        }
        return root
    }
}

extension MessageContext.Incident {
    fileprivate func values(for language: Language) -> [String: Any] {
        var values: [String: Any] = [
            "id": id, "title": title,
            "severity": severity.description, "severity_label": severity.label(in: language),
            "state": state.rawValue, "state_label": state.label(in: language),
            "opened_at": MessageTime.format(openedAt, language: language), "opened_at_iso": MessageTime.iso(openedAt),
            "hosts": hosts, "host_count": hosts.count,
            "rules": rules.map { rule -> [String: Any] in
                var values: [String: Any] = ["id": rule.id]
                values["title"] = rule.title.nonEmpty
                return values
            },
            "tactics": tactics, "alert_count": alertCount,
        ]
        values["url"] = url.nonEmpty
        return values
    }
}

extension MessageContext.Organisation {
    fileprivate var values: [String: Any] {
        var values: [String: Any] = ["name": name]
        values["address"] = address.nonEmpty
        values["phone"] = phone.nonEmpty
        values["email"] = email.nonEmpty
        values["dpo_name"] = dpo?.name.nonEmpty
        values["dpo_phone"] = dpo?.phone.nonEmpty
        values["dpo_email"] = dpo?.email.nonEmpty
        values["security_contact_name"] = securityContact?.name.nonEmpty
        values["security_contact_phone"] = securityContact?.phone.nonEmpty
        values["security_contact_email"] = securityContact?.email.nonEmpty
        return values
    }
}

extension Optional where Wrapped == String {
    /// The text, or nil when it is missing or only white space.
    fileprivate var nonEmpty: String? {
        guard let self, !self.allSatisfy(\.isWhitespace) else { return nil }
        return self
    }
}
