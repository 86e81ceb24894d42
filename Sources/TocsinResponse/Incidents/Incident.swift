import Foundation
import TocsinCore

/// One attack as the responders handle it: the alerts that belong to it, how severe it is, and what happened.
public struct Incident: Sendable, Identifiable, Equatable {
    public var id: String
    public var title: String
    public var state: IncidentState
    public var severity: Level
    /// Hosts in the order they joined.
    public var hosts: [String]
    public var tactics: Set<String>
    /// Rules in the order they first fired.
    public var ruleIDs: [String]
    public var alertIDs: [String]
    /// Event time of the first and of the latest alert.
    public var firstAlert: Date
    public var lastAlert: Date
    public var timeline: [TimelineEntry]

    /// The highest level among its alerts.
    public var highestAlertLevel: Level

    /// Creates an incident (the book does this; a store rebuilds incidents it kept).
    public init(
        id: String, title: String, state: IncidentState, severity: Level, hosts: [String], tactics: Set<String>,
        ruleIDs: [String], alertIDs: [String], firstAlert: Date, lastAlert: Date, timeline: [TimelineEntry],
        highestAlertLevel: Level
    ) {
        self.id = id
        self.title = title
        self.state = state
        self.severity = severity
        self.hosts = hosts
        self.tactics = tactics
        self.ruleIDs = ruleIDs
        self.alertIDs = alertIDs
        self.firstAlert = firstAlert
        self.lastAlert = lastAlert
        self.timeline = timeline
        self.highestAlertLevel = highestAlertLevel
    }
}

/// One entry of an incident's timeline.
public struct TimelineEntry: Sendable, Equatable {
    /// What happened.
    public enum Kind: Sendable, Equatable {
        case alert(id: String, rule: String, host: String?)
        case severity(from: Level, to: Level, reason: String)
        case state(from: IncidentState, to: IncidentState, actor: String, note: String?)
        case note(actor: String, text: String)
    }

    public var time: Date
    public var kind: Kind
}

/// A change a responder asks for.
public enum IncidentCommand: Sendable, Equatable {
    case transition(incident: String, to: IncidentState, actor: String, note: String?)
    case note(incident: String, actor: String, text: String)
}

/// What the book decided; the caller persists it (and writes it to the audit log) in one transaction.
public enum IncidentAction: Sendable, Equatable {
    case opened(Incident)
    case joined(incident: String, alert: String)
    case severityRaised(incident: String, from: Level, to: Level, reason: String)
    case stateChanged(incident: String, from: IncidentState, to: IncidentState, actor: String)
    case noted(incident: String, actor: String)
    /// The alert matched a suppression rule and joined no incident.
    case suppressed(alert: String, suppression: String)
}

/// Why a command was refused.
public struct IncidentError: TocsinError, Equatable {
    public var code: String
    public var message: String
    public var hint: String?

    /// Creates an error.
    public init(code: String, message: String, hint: String?) {
        self.code = code
        self.message = message
        self.hint = hint
    }
}
