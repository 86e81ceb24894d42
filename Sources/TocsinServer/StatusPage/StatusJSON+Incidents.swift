import Foundation
import TocsinCore
import TocsinResponse

extension StatusJSON {
    struct Incident: Encodable {
        let id: String
        let name: String
        let status: String
        let impact: String
        let createdAt: Date
        let updatedAt: Date
        let resolvedAt: Nullable<Date>
        let shortlink: String
        let incidentUpdates: [Update]

        init(_ incident: StatusIncident, snapshot: StatusPageSnapshot, language: Language, links: StatusPageLinks) {
            id = incident.id
            name = incident.title.text(in: language)
            status = incident.phase.rawValue
            impact = incident.impact.rawValue
            createdAt = incident.createdAt
            updatedAt = incident.updatedAt
            resolvedAt = Nullable(incident.resolvedAt)
            shortlink = links.page(in: language) + "#" + StatusPageHTML.fragment("incident", incident.id)
            incidentUpdates = incident.updatesNewestFirst.map { Update($0, snapshot: snapshot, language: language) }
        }
    }

    struct Update: Encodable {
        let id: String
        let status: String
        let body: String
        let createdAt: Date
        let displayAt: Date
        let version: Int
        let affectedComponents: [Affected]
        let nextUpdateAt: Nullable<Date>
        let customerActions: [String]
        let deliverNotifications: Bool

        init(_ update: StatusUpdate, snapshot: StatusPageSnapshot, language: Language) {
            id = update.id
            status = update.phase.rawValue
            body = update.body.text(in: language)
            createdAt = update.at
            displayAt = update.at
            version = update.version
            affectedComponents = update.affectedComponents.map { impact in
                Affected(
                    code: impact.componentID,
                    name: snapshot.component(id: impact.componentID)?.name.text(in: language) ?? impact.componentID,
                    newStatus: impact.status.rawValue, reason: Nullable(impact.reason?.rawValue))
            }
            nextUpdateAt = Nullable(update.nextUpdateAt)
            customerActions = update.customerActions.map { $0.text(in: language) }
            deliverNotifications = update.deliverNotifications
        }
    }

    struct Affected: Encodable {
        let code: String
        let name: String
        let newStatus: String
        let reason: Nullable<String>
    }

    struct Maintenance: Encodable {
        let id: String
        let name: String
        let status: String
        let impact: String
        let body: String
        let scheduledFor: Date
        let scheduledUntil: Date
        let updatedAt: Date
        let components: [MaintenanceComponent]
        let incidentUpdates: [MaintenanceUpdateJSON]

        init(_ maintenance: ScheduledMaintenance, snapshot: StatusPageSnapshot, language: Language) {
            id = maintenance.id
            name = maintenance.title.text(in: language)
            status = maintenance.phase(at: snapshot.generatedAt).rawValue
            impact = "maintenance"
            body = maintenance.body.text(in: language)
            scheduledFor = maintenance.scheduledFor
            scheduledUntil = maintenance.scheduledUntil
            updatedAt = maintenance.updatedAt(at: snapshot.generatedAt)
            components = maintenance.components.map { id in
                MaintenanceComponent(id: id, name: snapshot.component(id: id)?.name.text(in: language) ?? id)
            }
            incidentUpdates = maintenance.updatesNewestFirst.map { update in
                MaintenanceUpdateJSON(
                    id: update.id, status: update.phase.rawValue, body: update.body.text(in: language),
                    displayAt: update.at)
            }
        }
    }

    struct MaintenanceComponent: Encodable {
        let id: String
        let name: String
    }

    struct MaintenanceUpdateJSON: Encodable {
        let id: String
        let status: String
        let body: String
        let displayAt: Date
    }
}
