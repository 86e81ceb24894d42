import Foundation
import TocsinCore
import TocsinResponse

extension StatusAtomFeed {
    static func incidentEntries(
        _ snapshot: StatusPageSnapshot, language: Language, links: StatusPageLinks, authority: String,
        time: StatusTimeFormat
    ) -> [Entry] {
        snapshot.incidents.flatMap { incident in
            incident.updates.map { update in
                Entry(
                    id: tag(authority: authority, date: update.at, ["incident", incident.id, "update", update.id]),
                    title: "[\(update.phase.label.text(in: language))] \(incident.title.text(in: language))",
                    updated: update.at,
                    link: links.page(in: language) + "#" + StatusPageHTML.fragment("incident", incident.id),
                    content: content(update, snapshot: snapshot, language: language, time: time),
                    contentIsGerman: update.body.en == nil)
            }
        }
    }

    static func maintenanceEntries(
        _ snapshot: StatusPageSnapshot, language: Language, links: StatusPageLinks, authority: String,
        time: StatusTimeFormat
    ) -> [Entry] {
        snapshot.maintenances.flatMap { maintenance in
            maintenance.updates.map { update in
                let window = [
                    StatusPageStrings.window.text(in: language) + ":",
                    time.human(maintenance.scheduledFor, in: language), StatusPageStrings.until.text(in: language),
                    time.human(maintenance.scheduledUntil, in: language),
                ].joined(separator: " ")
                let content = [update.body.text(in: language), maintenance.body.text(in: language), window]
                return Entry(
                    id: tag(
                        authority: authority, date: update.at, ["maintenance", maintenance.id, "update", update.id]),
                    title: "[\(update.phase.label.text(in: language))] \(maintenance.title.text(in: language))",
                    updated: update.at,
                    link: links.page(in: language) + "#" + StatusPageHTML.fragment("maintenance", maintenance.id),
                    content: content.joined(separator: "\n\n"), contentIsGerman: update.body.en == nil)
            }
        }
    }

    /// An update's text for feed readers: the body, the affected components, the numbered customer actions and the
    /// time of the next update, as plain text.
    private static func content(
        _ update: StatusUpdate, snapshot: StatusPageSnapshot, language: Language, time: StatusTimeFormat
    ) -> String {
        var blocks = [update.body.text(in: language)]
        if !update.affectedComponents.isEmpty {
            let lines = update.affectedComponents.map { impact in
                let name = snapshot.component(id: impact.componentID)?.name.text(in: language) ?? impact.componentID
                return "- \(name): \(impact.displayedState.label.text(in: language))"
            }
            blocks.append(StatusPageStrings.affected.text(in: language) + ":\n" + lines.joined(separator: "\n"))
        }
        if !update.customerActions.isEmpty {
            let lines = update.customerActions.enumerated().map { "\($0.offset + 1). \($0.element.text(in: language))" }
            blocks.append(StatusPageStrings.customerActions.text(in: language) + ":\n" + lines.joined(separator: "\n"))
        }
        if let next = update.nextUpdateAt {
            blocks.append(StatusPageStrings.nextUpdate.text(in: language) + ": " + time.human(next, in: language))
        }
        return blocks.joined(separator: "\n\n")
    }
}
