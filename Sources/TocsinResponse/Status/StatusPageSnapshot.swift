import Foundation
import TocsinCore

/// Everything the public page shows at one moment: components, incidents and maintenance, as the server assembles
/// them for rendering, caching and static export.
public struct StatusPageSnapshot: Sendable, Hashable, Codable {
    /// The organisation that runs the page.
    public var organisation: LocalizedText
    /// The page's title, such as "Statusseite Beispiel Kassen-IT".
    public var title: LocalizedText
    /// When the snapshot was made; the page's "as of" time and the "now" of every computed phase.
    public var generatedAt: Date
    /// A number the server raises with every change, shown as the page's version.
    public var version: Int
    /// The components, in any order.
    public var components: [StatusComponent]
    /// Open and past incidents.
    public var incidents: [StatusIncident]
    /// Upcoming, ongoing and past maintenance.
    public var maintenances: [ScheduledMaintenance]

    /// Creates a snapshot.
    public init(
        organisation: LocalizedText, title: LocalizedText, generatedAt: Date, version: Int,
        components: [StatusComponent] = [], incidents: [StatusIncident] = [],
        maintenances: [ScheduledMaintenance] = []
    ) {
        self.organisation = organisation
        self.title = title
        self.generatedAt = generatedAt
        self.version = version
        self.components = components
        self.incidents = incidents
        self.maintenances = maintenances
    }
}
