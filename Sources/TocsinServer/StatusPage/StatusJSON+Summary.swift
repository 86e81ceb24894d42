import Foundation
import TocsinCore
import TocsinResponse

extension StatusJSON {
    /// A value that encodes as JSON `null` when absent, where Statuspage's schema has the key either way.
    struct Nullable<Value: Encodable>: Encodable {
        let value: Value?

        init(_ value: Value?) { self.value = value }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    struct Summary: Encodable {
        let page: Page
        let status: Status
        let components: [Component]
        let incidents: [Incident]
        let scheduledMaintenances: [Maintenance]

        init(_ snapshot: StatusPageSnapshot, settings: StatusPageSettings, language: Language, links: StatusPageLinks) {
            page = Page(
                id: Nullable(settings.pageID), name: snapshot.organisation.text(in: language),
                url: links.page(in: language), timeZone: settings.timeZoneID, updatedAt: snapshot.generatedAt,
                version: snapshot.version, language: language.rawValue)
            status = Status(
                indicator: snapshot.indicator.rawValue, description: snapshot.headline.text.text(in: language))
            components = snapshot.components.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
                .map { Component($0, language: language) }
            incidents = snapshot.activeIncidents.map {
                Incident($0, snapshot: snapshot, language: language, links: links)
            }
            scheduledMaintenances = snapshot.currentMaintenances.map {
                Maintenance($0, snapshot: snapshot, language: language)
            }
        }
    }

    struct Page: Encodable {
        let id: Nullable<String>
        let name: String
        let url: String
        let timeZone: String
        let updatedAt: Date
        let version: Int
        let language: String
    }

    struct Status: Encodable {
        let indicator: String
        let description: String
    }

    struct Component: Encodable {
        let id: String
        let name: String
        let status: String
        let reason: Nullable<String>
        let displayedState: String
        let displayedStateLabel: String
        let groupName: Nullable<String>
        let position: Int
        let description: Nullable<String>
        let fallbackNote: Nullable<String>

        init(_ component: StatusComponent, language: Language) {
            id = component.id
            name = component.name.text(in: language)
            status = component.status.rawValue
            reason = Nullable(component.reason?.rawValue)
            displayedState = component.displayedState.rawValue
            displayedStateLabel = component.displayedState.label.text(in: language)
            groupName = Nullable(component.group?.text(in: language))
            position = component.position
            description = Nullable(component.description?.text(in: language))
            fallbackNote = Nullable(component.fallbackNote?.text(in: language))
        }
    }
}
