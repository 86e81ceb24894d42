import Foundation
import TocsinCore

/// Groups alerts into incidents and carries out responders' commands: the incident lifecycle as a state machine.
///
/// Pure: time comes in with every call (the alert's event time for grouping, `now` for suppressions and
/// commands), identifiers are numbered from a counter the caller persists, and every decision is returned as an
/// ``IncidentAction`` for the caller to store and audit.
public struct IncidentBook: Sendable {
    public var policy: GroupingPolicy
    public private(set) var incidents: [String: Incident] = [:]
    /// The number the next incident gets (persist it with the incidents).
    public private(set) var nextNumber: Int
    /// Incidents that may still take alerts, latest activity last.
    private var open: [String] = []
    /// Each incident's alert identifiers as a set: filing an alert twice is caught without a scan.
    private var alertSets: [String: Set<String>] = [:]

    /// A book with `policy`, continuing from stored `incidents`.
    public init(policy: GroupingPolicy = GroupingPolicy(), incidents: [Incident] = [], nextNumber: Int = 1) {
        self.policy = policy
        self.nextNumber = nextNumber
        for incident in incidents {
            self.incidents[incident.id] = incident
            alertSets[incident.id] = Set(incident.alertIDs)
        }
        open = incidents.filter(\.state.isOpen).sorted { $0.lastAlert < $1.lastAlert }.map(\.id)
    }

    /// The identifier of incident number `number`.
    public static func identifier(_ number: Int) -> String {
        "INC-" + String(repeating: "0", count: max(0, 6 - String(number).count)) + String(number)
    }

    /// Files an alert: suppressed, joined to an open incident, or the start of a new one.
    public mutating func handle(_ alert: AlertFacts, suppressions: [SuppressionRule] = [], at now: Date)
        -> [IncidentAction]
    {
        if let suppression = suppressions.first(where: { $0.suppresses(alert, at: now) }) {
            return [.suppressed(alert: alert.id, suppression: suppression.id)]
        }
        let tactics = alert.tactics
        if let id = incidentFor(alert, tactics: tactics) {
            guard alertSets[id, default: []].insert(alert.id).inserted,
                // Taken out while it changes, so its arrays are not copied for every alert that joins.
                var incident = incidents.removeValue(forKey: id)
            else { return [] }
            var actions: [IncidentAction] = [.joined(incident: id, alert: alert.id)]
            add(alert, tactics: tactics, to: &incident, &actions)
            incidents[id] = incident
            // Most alerts join the incident that was active last, which is already at the end.
            if open.last != id {
                open.removeAll { $0 == id }
                open.append(id)
            }
            return actions
        }
        let id = Self.identifier(nextNumber)
        nextNumber += 1
        var incident = Incident(
            id: id, title: alert.ruleTitle + (alert.host.map { " on \($0)" } ?? ""), state: .new,
            severity: alert.level, hosts: [], tactics: [], ruleIDs: [], alertIDs: [], firstAlert: alert.time,
            lastAlert: alert.time, timeline: [], highestAlertLevel: alert.level)
        var actions: [IncidentAction] = []
        add(alert, tactics: tactics, to: &incident, &actions)
        incidents[id] = incident
        alertSets[id] = [alert.id]
        open.append(id)
        return [.opened(incident)] + actions
    }

    /// Carries out a responder's command at `now`.
    public mutating func handle(_ command: IncidentCommand, at now: Date) throws(IncidentError) -> [IncidentAction] {
        switch command {
        case .transition(let id, let next, let actor, let note):
            guard var incident = incidents[id] else { throw Self.unknown(id) }
            guard incident.state.allows(next) else {
                throw IncidentError(
                    code: "T501", message: "incident \(id) is \(incident.state.rawValue) and cannot become \(next.rawValue)",
                    hint: incident.state == .closed ? "a closed incident is final; open a new one" : nil)
            }
            let previous = incident.state
            incident.state = next
            incident.timeline.append(
                TimelineEntry(time: now, kind: .state(from: previous, to: next, actor: actor, note: note)))
            incidents[id] = incident
            open.removeAll { $0 == id }
            if next.isOpen { open.append(id) }
            return [.stateChanged(incident: id, from: previous, to: next, actor: actor)]
        case .note(let id, let actor, let text):
            guard var incident = incidents[id] else { throw Self.unknown(id) }
            incident.timeline.append(TimelineEntry(time: now, kind: .note(actor: actor, text: text)))
            incidents[id] = incident
            return [.noted(incident: id, actor: actor)]
        }
    }

    private static func unknown(_ id: String) -> IncidentError {
        IncidentError(code: "T500", message: "no incident \(id)", hint: "list incidents to see their identifiers")
    }

    /// The open incident an alert belongs to, latest activity first.
    private func incidentFor(_ alert: AlertFacts, tactics: Set<String>) -> String? {
        let window = policy.window
        func candidate(where accepts: (Incident) -> Bool) -> String? {
            for id in open.reversed() {
                guard let incident = incidents[id],
                    incident.lastAlert >= alert.time - window, alert.time >= incident.firstAlert - window
                else { continue }
                if accepts(incident) { return id }
            }
            return nil
        }
        switch policy.key {
        case .none: return candidate { _ in true }
        case .rule: return candidate { $0.ruleIDs.contains(alert.ruleID) }
        case .host: return candidate { Self.sameHost($0, alert.host) }
        case .hostOrRelatedTactics:
            if let same = candidate(where: { Self.sameHost($0, alert.host) }) { return same }
            // Lateral movement onto another host continues an attack already under way (credentials taken, or
            // moving on); it joins the most recent such incident.
            guard !tactics.isDisjoint(with: policy.linkingTactics) else { return nil }
            let underWay: Set<String> = policy.linkingTactics.union(["credential_access"])
            return candidate { !$0.tactics.isDisjoint(with: underWay) }
        }
    }

    private static func sameHost(_ incident: Incident, _ host: String?) -> Bool {
        guard let host else { return incident.hosts.isEmpty }
        return incident.hosts.contains { HostName.same($0, host) }
    }

    /// Adds an alert's facts and raises the severity when it must; records it on the timeline.
    private func add(
        _ alert: AlertFacts, tactics: Set<String>, to incident: inout Incident, _ actions: inout [IncidentAction]
    ) {
        incident.alertIDs.append(alert.id)
        if !incident.ruleIDs.contains(alert.ruleID) { incident.ruleIDs.append(alert.ruleID) }
        if let host = alert.host, !Self.sameHost(incident, host) { incident.hosts.append(host) }
        incident.tactics.formUnion(tactics)
        incident.firstAlert = min(incident.firstAlert, alert.time)
        incident.lastAlert = max(incident.lastAlert, alert.time)
        incident.highestAlertLevel = max(incident.highestAlertLevel, alert.level)
        incident.timeline.append(
            TimelineEntry(time: alert.time, kind: .alert(id: alert.id, rule: alert.ruleTitle, host: alert.host)))
        var target = incident.highestAlertLevel
        var reason = "alert of level \(target)"
        if incident.tactics.count >= policy.escalateAtTactics, let raised = Level(rawValue: target.rawValue + 1) {
            target = raised
            reason = "\(incident.tactics.count) ATT&CK tactics: a multi-stage attack"
        }
        if target > incident.severity {
            let previous = incident.severity
            incident.severity = target
            incident.timeline.append(
                TimelineEntry(time: alert.time, kind: .severity(from: previous, to: target, reason: reason)))
            actions.append(.severityRaised(incident: incident.id, from: previous, to: target, reason: reason))
        }
    }
}
