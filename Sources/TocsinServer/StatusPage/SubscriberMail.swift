import Foundation
import TocsinCore
import TocsinResponse

/// The mails a subscriber of the public page gets, in their language (German authoritative): the confirmation of
/// a sign-up, and an incident update. Plain text; every mail says how to leave and that the provider never asks
/// for passwords.
enum SubscriberMail {
    static func confirmation(organisation: LocalizedText, confirmURL: String, language: Language) -> (String, String) {
        let name = organisation.text(in: language)
        switch language {
        case .de:
            return (
                "Bitte bestätigen: Statusmeldungen von \(name)",
                """
                Guten Tag,

                für diese Adresse wurden Statusmeldungen von \(name) bestellt. Bitte bestätigen Sie das mit diesem Link:

                \(confirmURL)

                Wenn Sie nichts bestellt haben, ignorieren Sie diese Nachricht; Sie erhalten dann keine weiteren Mails.

                \(StatusPageSettings.defaultAntiPhishing.text(in: .de))
                """
            )
        case .en:
            return (
                "Please confirm: status updates from \(name)",
                """
                Hello,

                status updates from \(name) were requested for this address. Please confirm with this link:

                \(confirmURL)

                If you did not ask for them, ignore this message; you will get no further mail.

                \(StatusPageSettings.defaultAntiPhishing.text(in: .en))
                """
            )
        }
    }

    static func update(
        _ incident: StatusIncident, version: Int, organisation: LocalizedText, pageURL: String, unsubscribeURL: String,
        language: Language, time: StatusTimeFormat
    ) -> (String, String) {
        guard let update = incident.updates.first(where: { $0.version == version }) else { return ("", "") }
        let title = incident.title.text(in: language)
        var lines: [String] = []
        let phase = update.phase.label.text(in: language)
        switch language {
        case .de:
            lines.append("\(title) – \(phase)")
            lines.append("Stand: \(time.human(update.at, in: .de)), Version \(version)")
        case .en:
            lines.append("\(title) – \(phase)")
            lines.append("As of: \(time.human(update.at, in: .en)), version \(version)")
        }
        lines.append("")
        lines.append(update.body.text(in: language))
        if !update.customerActions.isEmpty {
            lines.append("")
            lines.append(language == .de ? "Was Sie jetzt tun müssen:" : "What you need to do now:")
            for (index, action) in update.customerActions.enumerated() {
                lines.append("\(index + 1). \(action.text(in: language))")
            }
        }
        if let next = update.nextUpdateAt {
            lines.append("")
            lines.append(
                (language == .de ? "Nächste Meldung: " : "Next update: ") + time.human(next, in: language))
        }
        lines.append("")
        lines.append((language == .de ? "Statusseite: " : "Status page: ") + pageURL)
        lines.append(StatusPageSettings.defaultAntiPhishing.text(in: language))
        lines.append("")
        lines.append(
            (language == .de ? "Keine Meldungen mehr erhalten: " : "Stop these mails: ") + unsubscribeURL)
        let subject = "[\(organisation.text(in: language))] \(title): \(phase)"
        return (subject, lines.joined(separator: "\n"))
    }
}
