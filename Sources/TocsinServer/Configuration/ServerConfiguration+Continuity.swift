import Foundation
import TocsinCore
import Yams

/// Reads the `continuity` and `status_page` sections.
extension ConfigurationReader {
    static let continuityKeys = ["continuity", "status_page"]

    func readContinuity(
        _ top: [String: Node], channels: [ChannelSettings], into settings: inout ContinuitySettings
    ) throws(ConfigurationError) {
        if let node = top["continuity"] {
            let section = try mapping(node, "continuity", known: ["catalogue"])
            settings.cataloguePath = try optionalString(section, "catalogue", "continuity")
        }
        guard let node = top["status_page"] else { return }
        let section = try mapping(
            node, "status_page",
            known: [
                "organisation", "title", "contact_lines", "anti_phishing", "history_days", "subscriptions_channel",
                "refresh_interval", "export",
            ])
        if let value = section["organisation"] { settings.organisation = try localized(value, "status_page.organisation") }
        if let value = section["title"] { settings.title = try localized(value, "status_page.title") }
        if let value = section["anti_phishing"] {
            settings.antiPhishing = try localized(value, "status_page.anti_phishing")
        }
        if let value = section["contact_lines"] {
            settings.contactLines = try sequence(value, "status_page.contact_lines").map {
                (item) throws(ConfigurationError) in try localized(item, "status_page.contact_lines")
            }
        }
        if let value = section["history_days"] {
            settings.historyDays = try integer(value, "status_page.history_days")
        }
        settings.subscriptionChannel = try optionalString(section, "subscriptions_channel", "status_page")
        if let name = settings.subscriptionChannel, let value = section["subscriptions_channel"] {
            guard let channel = channels.first(where: { $0.name == name }) else {
                let names = channels.map(\.name)
                throw fail(
                    value, "status_page.subscriptions_channel", "names no channel '\(name)'",
                    hint: names.isEmpty ? "define it under channels:" : "channels: " + names.joined(separator: ", "))
            }
            guard channel.kind.isMail else {
                throw fail(value, "status_page.subscriptions_channel", "must name a mail channel (smtp, sendmail or file)")
            }
        }
        if let value = section["refresh_interval"] {
            settings.refreshInterval = try duration(value, "status_page.refresh_interval")
        }
        settings.exportFolder = try optionalString(section, "export", "status_page")
    }

    /// A text in German and English: a plain string (the same for both), or `{de: …, en: …}` with German required.
    func localized(_ node: Node, _ field: String) throws(ConfigurationError) -> LocalizedText {
        if node.mapping != nil {
            let section = try mapping(node, field, known: ["de", "en"])
            guard let german = section["de"] else {
                throw fail(node, field, "needs a German text (de:); German is authoritative", hint: "{de: …, en: …}")
            }
            return LocalizedText(de: try string(german, "\(field).de"), en: try optionalString(section, "en", field))
        }
        return LocalizedText(try string(node, field))
    }
}
