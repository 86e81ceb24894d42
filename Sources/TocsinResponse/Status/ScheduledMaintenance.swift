import Foundation
import TocsinCore

/// Planned work on some components in a time window, such as a step back to regular operation after an attack.
public struct ScheduledMaintenance: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier.
    public var id: String
    /// The headline customers read.
    public var title: LocalizedText
    /// What happens and what it means for customers; plain text, blank lines separate paragraphs.
    public var body: LocalizedText
    /// The identifiers of the components the work touches.
    public var components: [String]
    /// When the work starts.
    public var scheduledFor: Date
    /// When the work is planned to end.
    public var scheduledUntil: Date
    /// Messages published about it, in any order.
    public var updates: [MaintenanceUpdate]

    /// Creates a scheduled maintenance.
    public init(
        id: String, title: LocalizedText, body: LocalizedText, components: [String] = [], scheduledFor: Date,
        scheduledUntil: Date, updates: [MaintenanceUpdate] = []
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.components = components
        self.scheduledFor = scheduledFor
        self.scheduledUntil = scheduledUntil
        self.updates = updates
    }

    /// The updates, newest first.
    public var updatesNewestFirst: [MaintenanceUpdate] { updates.sorted { $0.at > $1.at } }

    /// The phase at `now`.
    ///
    /// Time moves the maintenance to `in_progress` at `scheduledFor` and to `completed` at `scheduledUntil`
    /// (Statuspage's automatic transitions), and an update may move it earlier (work started early). Once the
    /// newest update says `verifying` or `completed`, that phase holds whatever the clock says: verifying may overrun
    /// the window, and completed may come early.
    public func phase(at now: Date) -> MaintenancePhase {
        let explicit = updatesNewestFirst.first?.phase ?? .scheduled
        if explicit == .verifying || explicit == .completed { return explicit }
        let byTime: MaintenancePhase =
            if now >= scheduledUntil { .completed } else if now >= scheduledFor { .inProgress } else { .scheduled }
        return max(explicit, byTime)
    }

    /// When the maintenance ended, if it is completed at `now`: the completing update, or the end of the window.
    public func completedAt(at now: Date) -> Date? {
        guard phase(at: now) == .completed else { return nil }
        return updatesNewestFirst.first { $0.phase == .completed }?.at ?? scheduledUntil
    }

    /// When the maintenance last changed as of `now`: its newest update or the start or end of the window, whichever
    /// came last (the start when it was announced without an update and has not begun).
    public func updatedAt(at now: Date) -> Date {
        let byTime = [scheduledFor, scheduledUntil].filter { $0 <= now }
        return ([updatesNewestFirst.first?.at].compactMap { $0 } + byTime).max() ?? scheduledFor
    }
}
