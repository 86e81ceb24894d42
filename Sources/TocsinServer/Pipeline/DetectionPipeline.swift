import Foundation
import Logging
import TocsinCore
import TocsinDetection
import TocsinResponse
import TocsinStore

/// Live detection: reads durable events in order from the store, matches them, and commits the alerts together with
/// the processing cursor; then files the new alerts into incidents.
///
/// At-least-once: after a crash the pipeline resumes at the committed cursor, and an alert raised again has the same
/// key (`rule id:event id`), which the store drops. Correlation state is kept in memory and starts empty after a
/// restart (windows refill within their timespan).
public actor DetectionPipeline<S: Store> {
    let store: S
    let engine: DetectionEngine
    private let worker: DetectionWorker
    private var correlator: CorrelationEngine<EventRef>
    private let suppressedRules: [Bool]
    private var book: IncidentBook
    /// Incident-book identifier → store identifier.
    private var storeIncident: [String: Int64] = [:]
    private var cursor: Int64 = 0
    /// The highest event id ingest has reported durable.
    private var appended: Int64 = 0
    private let batchSize: Int
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private var wakeUp: CheckedContinuation<Void, Never>?
    public private(set) var statistics = PipelineStatistics()

    /// Where an alert's event is: the event's id and time (for correlation windows).
    struct EventRef: Sendable {
        var id: Int64
        var host: String?
        var timestamp: String?
    }

    /// A pipeline over `store` with compiled rules and correlations.
    public init(
        store: S, engine: DetectionEngine, correlations: CorrelationSet, grouping: GroupingPolicy,
        correlationLimits: CorrelationLimits, batchSize: Int = 2048, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "tocsin.pipeline")
    ) {
        self.store = store
        self.engine = engine
        worker = engine.makeWorker()
        correlator = CorrelationEngine(set: correlations, ruleIDs: engine.rules.map(\.id), limits: correlationLimits)
        suppressedRules = engine.rules.map { correlations.suppressedRuleIDs.contains($0.id) }
        book = IncidentBook(policy: grouping)
        self.batchSize = batchSize
        self.clock = clock
        self.logger = logger
    }

    /// Loads the cursor and the open incidents; call once before ``run()``.
    public func start() async throws {
        cursor = try await store.processingCursor()
        appended = cursor
        var restored: [TocsinResponse.Incident] = []
        var highest = 0
        for stored in try await store.incidents(state: nil, limit: 10_000) {
            guard let reference = stored.tags.first(where: { $0.hasPrefix("ref:") })?.dropFirst(4) else { continue }
            let id = String(reference)
            storeIncident[id] = stored.id
            highest = max(highest, Int(id.dropFirst(4)) ?? 0)
            restored.append(Self.bookIncident(stored, id: id))
        }
        book = IncidentBook(policy: book.policy, incidents: restored, nextNumber: highest + 1)
    }

    /// Ingest reports that events up to `id` are durable.
    public func noteAppended(upTo id: Int64) {
        appended = max(appended, id)
        wakeUp?.resume()
        wakeUp = nil
    }

    /// Events stored but not yet matched (what back-pressure watches).
    public var lag: Int64 { max(0, appended - cursor) }

    /// Processes batches until cancelled; sleeps while there is nothing to do.
    public func run() async {
        while !Task.isCancelled {
            do {
                if try await step() == 0 { await idle() }
            } catch {
                statistics.failures += 1
                logger.error("detection step failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    private func idle() async {
        await withCheckedContinuation { continuation in
            wakeUp = continuation
            // Wake at least every 200 ms: events may come from another node sharing the database.
            Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(200))
                await self?.timerFired()
            }
        }
    }

    private func timerFired() {
        wakeUp?.resume()
        wakeUp = nil
    }

    /// Matches one batch and commits it; returns how many events it held.
    @discardableResult
    public func step() async throws -> Int {
        let events = try await store.events(after: cursor, limit: batchSize)
        guard let last = events.last else { return 0 }
        var alerts: [NewAlert] = []
        var fired: [Int] = []
        let now = clock()
        for event in events {
            var text = event.raw
            fired.removeAll(keepingCapacity: true)
            let matched: Bool = text.withUTF8 { bytes in
                do {
                    try worker.match(bytes, into: &fired)
                    return true
                } catch {
                    return false
                }
            }
            guard matched else {
                statistics.malformed += 1
                continue
            }
            guard !fired.isEmpty else { continue }
            let host = worker.host()
            let timestamp = worker.timestamp()
            let time = timestamp.flatMap(EventTime.seconds)
            for rule in fired {
                let compiled = engine.rules[rule]
                if correlator.reads(rule: rule) {
                    let raised = correlator.add(
                        rule: rule, time: time, captured: worker.captured(rule: rule),
                        context: EventRef(id: event.id, host: host, timestamp: timestamp))
                    alerts += raised.map { correlationAlert($0, now: now) }
                }
                if suppressedRules[rule] { continue }
                alerts.append(
                    NewAlert(
                        dedupKey: "\(compiled.id):\(event.id)", ruleID: compiled.id, title: compiled.title,
                        severity: compiled.level, eventID: event.id, host: host, createdAt: now,
                        details: [
                            "tags": .array(compiled.tags.map { .string($0) }),
                            "timestamp": timestamp.map { .string($0) } ?? .null,
                        ]))
            }
        }
        let commit = try await store.commitProcessing(upTo: last.id, alerts: alerts, audit: [])
        cursor = commit.cursor
        statistics.events += events.count
        statistics.alerts += commit.alertIDs.count { $0 != nil }
        statistics.duplicates += commit.duplicates
        for (alert, id) in zip(alerts, commit.alertIDs) {
            guard let id else { continue }
            try await file(alert, id: id, now: now)
        }
        return events.count
    }

    private func correlationAlert(_ alert: CorrelationAlert<EventRef>, now: Date) -> NewAlert {
        let rule = correlator.set.correlations[alert.correlation].rule
        var group: [String: JSONValue] = [:]
        for (name, value) in zip(rule.groupBy, alert.group) { group[name] = value.map { .string($0) } ?? .null }
        return NewAlert(
            dedupKey: "\(rule.id):\(alert.last.id)", ruleID: rule.id, title: rule.title, severity: rule.level,
            eventID: alert.last.id, host: alert.last.host, createdAt: now,
            details: [
                "tags": .array(rule.tags.map { .string($0) }),
                "timestamp": alert.last.timestamp.map { .string($0) } ?? .null,
                "correlation": .object([
                    "type": .string(rule.type.rawValue), "group": .object(group), "value": .double(alert.value),
                    "events": .int(Int64(alert.events)), "first_event": .int(alert.first.id),
                ]),
            ])
    }

    /// Files a stored alert into an incident and writes what changed.
    private func file(_ alert: NewAlert, id: Int64, now: Date) async throws {
        var tags: [String] = []
        if case .array(let values) = alert.details["tags"] ?? .null {
            tags = values.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
        }
        // Incidents group by event time (when the attack happened), not by when Tocsin received the event.
        var eventTime = now
        if case .string(let text) = alert.details["timestamp"] ?? .null, let seconds = EventTime.seconds(text) {
            eventTime = Date(timeIntervalSince1970: seconds)
        }
        let facts = AlertFacts(
            id: String(id), ruleID: alert.ruleID, ruleTitle: alert.title, level: alert.severity, tags: tags,
            host: alert.host, time: eventTime)
        // The incident the alert was filed into is named by the actions: no need to search the book.
        var filedInto: String?
        for action in book.handle(facts, at: now) {
            switch action {
            case .opened(let incident):
                let stored = try await store.upsertIncident(draft(incident, storeID: nil), actor: "tocsin")
                storeIncident[incident.id] = stored.id
                filedInto = incident.id
            case .joined(let incident, _), .severityRaised(let incident, _, _, _):
                filedInto = incident
                if let storeID = storeIncident[incident], let updated = book.incidents[incident] {
                    _ = try await store.upsertIncident(draft(updated, storeID: storeID), actor: "tocsin")
                }
            case .stateChanged, .noted, .suppressed:
                break
            }
        }
        if let incident = filedInto, let storeID = storeIncident[incident] {
            _ = try await store.attach(alert: id, to: storeID, actor: "tocsin")
        }
    }

    private func draft(_ incident: TocsinResponse.Incident, storeID: Int64?) -> IncidentDraft {
        let tags = ["ref:\(incident.id)"] + incident.tactics.sorted() + incident.hosts.dropFirst().map { "host:\($0)" }
            + incident.ruleIDs.map { "rule:\($0)" }
        return IncidentDraft(
            id: storeID, title: incident.title, severity: incident.severity, state: incident.state.rawValue,
            host: incident.hosts.first, tags: tags, openedAt: incident.firstAlert)
    }

    /// An incident of the book rebuilt from its stored record (its timeline lives in the audit log).
    static func bookIncident(_ stored: TocsinStore.Incident, id: String) -> TocsinResponse.Incident {
        let extraHosts = stored.tags.filter { $0.hasPrefix("host:") }.map { String($0.dropFirst(5)) }
        let rules = stored.tags.filter { $0.hasPrefix("rule:") }.map { String($0.dropFirst(5)) }
        let tactics = Set(stored.tags.filter { !$0.contains(":") })
        return TocsinResponse.Incident(
            id: id, title: stored.title, state: IncidentState(rawValue: stored.state) ?? .new,
            severity: stored.severity, hosts: (stored.host.map { [$0] } ?? []) + extraHosts, tactics: tactics,
            ruleIDs: rules, alertIDs: stored.alertIDs.map(String.init), firstAlert: stored.openedAt,
            lastAlert: stored.updatedAt, timeline: [], highestAlertLevel: stored.severity)
    }

    /// Applies a responder's state change to the book and the store.
    public func transition(
        storeID: Int64, to state: IncidentState, actor: String, note: String?
    ) async throws -> TocsinStore.Incident {
        guard let id = storeIncident.first(where: { $0.value == storeID })?.key else {
            throw IncidentError(code: "T500", message: "no incident \(storeID)", hint: "list incidents to see their ids")
        }
        _ = try book.handle(.transition(incident: id, to: state, actor: actor, note: note), at: clock())
        guard let incident = book.incidents[id] else {
            throw IncidentError(code: "T500", message: "no incident \(storeID)", hint: nil)
        }
        return try await store.upsertIncident(draft(incident, storeID: storeID), actor: actor)
    }
}

/// What the pipeline has done since it started.
public struct PipelineStatistics: Sendable, Equatable {
    public var events = 0
    public var alerts = 0
    public var duplicates = 0
    public var malformed = 0
    public var failures = 0
}
