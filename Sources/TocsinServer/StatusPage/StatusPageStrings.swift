import TocsinCore
import TocsinResponse

/// The fixed wording of the status page and its feed, in German and English.
enum StatusPageStrings {
    static let skipLink = LocalizedText(de: "Zum Inhalt springen", en: "Skip to content")
    static let languageNavigation = LocalizedText(de: "Sprache", en: "Language")
    static let overall = LocalizedText(de: "Gesamtstatus", en: "Overall status")
    static let asOf = LocalizedText(de: "Stand", en: "As of")
    static let version = LocalizedText(de: "Version", en: "Version")
    static let securityNotice = LocalizedText(de: "Sicherheitshinweis", en: "Security notice")
    static let services = LocalizedText(de: "Dienste", en: "Services")
    static let otherServices = LocalizedText(de: "Weitere Dienste", en: "Other services")
    static let note = LocalizedText(de: "Hinweis", en: "Note")
    static let currentIncidents = LocalizedText(de: "Aktuelle Vorfälle", en: "Current incidents")
    static let noIncidents = LocalizedText(
        de: "Derzeit liegen keine Vorfälle vor.", en: "There are no current incidents.")
    static let status = LocalizedText(de: "Status", en: "Status")
    static let impact = LocalizedText(de: "Auswirkung", en: "Impact")
    static let affected = LocalizedText(de: "Betroffene Dienste", en: "Affected services")
    static let customerActions = LocalizedText(de: "Was Sie jetzt tun sollten", en: "What you should do now")
    static let nextUpdate = LocalizedText(de: "Nächste Aktualisierung", en: "Next update")
    static let published = LocalizedText(de: "Veröffentlicht", en: "Published")
    static let maintenance = LocalizedText(de: "Geplante Wartungen", en: "Scheduled maintenance")
    static let noMaintenance = LocalizedText(de: "Keine Wartungen geplant.", en: "No maintenance is scheduled.")
    static let window = LocalizedText(de: "Zeitraum", en: "Window")
    static let until = LocalizedText(de: "bis", en: "until")
    static let resolved = LocalizedText(de: "Behoben", en: "Resolved")
    static let completed = LocalizedText(de: "Abgeschlossen", en: "Completed")
    static let allUpdates = LocalizedText(de: "Alle Meldungen anzeigen", en: "Show all updates")
    static let noHistory = LocalizedText(
        de: "In diesem Zeitraum gab es keine Vorfälle und Wartungen.",
        en: "There were no incidents or maintenance in this period.")
    static let contact = LocalizedText(de: "Kontakt", en: "Contact")
    static let subscribe = LocalizedText(de: "Benachrichtigungen per E-Mail", en: "E-mail notifications")
    static let subscribeHint = LocalizedText(
        de: "Wir senden Ihnen eine E-Mail, mit der Sie das Abonnement bestätigen.",
        en: "We will send you an e-mail to confirm the subscription.")
    static let emailAddress = LocalizedText(de: "E-Mail-Adresse", en: "E-mail address")
    static let subscribeButton = LocalizedText(de: "Abonnieren", en: "Subscribe")
    static let feeds = LocalizedText(de: "Weitere Bezugswege", en: "Other ways to follow")
    static let atomFeed = LocalizedText(de: "Atom-Feed", en: "Atom feed")
    static let json = LocalizedText(de: "JSON-Schnittstelle", en: "JSON API")
    static let footer = LocalizedText(
        de: "Diese Seite setzt keine Cookies, braucht kein JavaScript und lädt keine Inhalte von Dritten.",
        en: "This page sets no cookies, needs no JavaScript and loads nothing from third parties.")
    static let feedSuffix = LocalizedText(de: "Statusmeldungen", en: "Status updates")
    static let maintenanceWord = LocalizedText(de: "Wartung", en: "Maintenance")

    static func history(days: Int) -> LocalizedText {
        days == 1
            ? LocalizedText(de: "Verlauf des letzten Tages", en: "History of the last day")
            : LocalizedText(de: "Verlauf der letzten \(days) Tage", en: "History of the last \(days) days")
    }

    static func impact(_ impact: StatusImpact) -> LocalizedText {
        switch impact {
        case .none: LocalizedText(de: "Keine", en: "None")
        case .minor: LocalizedText(de: "Gering", en: "Minor")
        case .major: LocalizedText(de: "Erheblich", en: "Major")
        case .critical: LocalizedText(de: "Kritisch", en: "Critical")
        }
    }

    static func languageName(_ language: Language) -> String {
        switch language {
        case .de: "Deutsch"
        case .en: "English"
        }
    }
}
