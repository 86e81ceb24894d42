import Foundation
import Logging
import TocsinCore
import TocsinDetection
import TocsinResponse
import TocsinStore

/// Live detection: takes durable events in order (handed over by ingest, or read back from the store), matches them
/// on every core, and commits the alerts together with the processing cursor; then files the new alerts into
/// incidents.
///
/// At-least-once: after a crash the pipeline resumes at the committed cursor, and an alert raised again has the same
/// key (`rule id:event id`), which the store drops; alerts committed but not yet filed are filed at start. While one
/// batch is committed the next is matched. Correlation state is kept in memory and starts empty after a restart
/// (windows refill within their timespan).
public actor DetectionPipeline<S: Store> {
    let store: S
    let engine: DetectionEngine
    private let matcher: ParallelMatcher
    private var correlator: CorrelationEngine<EventRef>
    private let suppressedRules: [Bool]
    /// Each rule's tags as an alert's details hold them.
    private let ruleTags: [JSONValue]
    private var book: IncidentBook
    /// Active suppression rules: their alerts are stored but join no incident until the rule expires.
    private var suppressions: [TocsinResponse.SuppressionRule] = []
    private var suppressionsLoaded = Date.distantPast
    /// Each rule's tags and the ATT&CK tactics among them, as last filed.
    private var tacticsByRule: [String: (tags: [String], tactics: Set<String>)] = [:]
    /// Incident-book identifier → store identifier.
    private var storeIncident: [String: Int64] = [:]
    /// The last event whose alerts are committed.
    private var cursor: Int64 = 0
    /// The last event matched (ahead of `cursor` while a batch is being committed).
    private var matchedUpTo: Int64 = 0
    /// The highest event id ingest has reported durable.
    private var appended: Int64 = 0
    /// Appended batches not yet committed, ids ascending: each batch's last id and the time its oldest event was
    /// received, so ``delay`` knows how long the oldest event not yet matched has waited.
    private var waiting: [(last: Int64, receivedAt: Date)] = []
    /// Durable events ingest handed over, by id, so the pipeline need not read them back; bounded by bytes.
    private var recent: [StoredEvent] = []
    private var recentBytes = 0
    private let recentLimit: Int
    private let batchSize: Int
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private var wakeUp: CheckedContinuation<Void, Never>?
    public private(set) var statistics = PipelineStatistics()
    /// Hears which incidents each filed batch touched (the alarm chain plans from them).
    private var onFiled: (@Sendable ([(TocsinResponse.Incident, Int64)]) async -> Void)?

    /// Where an alert's event is: the event's id and time (for correlation windows).
    struct EventRef: Sendable {
        var id: Int64
        var host: String?
        var timestamp: String?
    }

    /// A matched batch waiting to be committed.
    struct Prepared: Sendable {
        var last: Int64
        var events: Int
        var alerts: [NewAlert]
        /// When each event that raised an alert was received, for the alert latency.
        var receivedAt: [Int64: Date]
        var time: Date
    }

    /// A pipeline over `store` with compiled rules and correlations, matching on `threads` cores.
    public init(
        store: S, engine: DetectionEngine, correlations: CorrelationSet, grouping: GroupingPolicy,
        correlationLimits: CorrelationLimits, batchSize: Int = 16_384,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, handoverBytes: Int = 64 << 20,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "tocsin.pipeline"),
        onFiled: (@Sendable ([(TocsinResponse.Incident, Int64)]) async -> Void)? = nil
    ) {
        self.onFiled = onFiled
        self.store = store
        self.engine = engine
        let correlator = CorrelationEngine<EventRef>(
            set: correlations, ruleIDs: engine.rules.map(\.id), limits: correlationLimits)
        self.correlator = correlator
        matcher = ParallelMatcher(
            engine: engine, threads: threads, captures: engine.rules.indices.map { correlator.reads(rule: $0) })
        suppressedRules = engine.rules.map { correlations.suppressedRuleIDs.contains($0.id) }
        ruleTags = engine.rules.map { .array($0.tags.map { .string($0) }) }
        book = IncidentBook(policy: grouping)
        self.batchSize = batchSize
        recentLimit = handoverBytes
        self.clock = clock
        self.logger = logger
    }

    /// Loads the cursor and the open incidents, and files alerts a crash left unfiled; call once before ``run()``.
    public func start() async throws {
        cursor = try await store.processingCursor()
        matchedUpTo = cursor
        // Events stored before a crash and not yet matched count as pending (for back-pressure and health).
        appended = max(appended, cursor, try await store.lastEventID())
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
        try await rewarmCorrelations()
        try await reloadSuppressions()
        // Alerts committed before a crash but not yet filed are filed now (attaching twice is a no-op).
        var filed = try await store.filingCursor()
        while true {
            let pending = try await store.alerts(after: filed, limit: 1000)
            guard let last = pending.last else { break }
            try await file(pending.map { ($0.alert, $0.id) }, now: clock())
            filed = last.id
        }
    }

    /// At most this many events before the cursor are read again at start to refill correlation windows.
    static var rewarmLimit: Int64 { 200_000 }

    /// Refills the correlation windows a restart emptied: the events before the cursor that arrived within the
    /// longest correlation's timespan (plus the tolerance for late events) are matched again and fed to the
    /// correlator only. Whatever it raises on the way was raised before the restart (its key, the rule and the
    /// last event, is the same), so it is dropped; what matters is that a correlation under way at a crash
    /// completes with the events that follow.
    private func rewarmCorrelations() async throws {
        let correlations = correlator.set.correlations
        guard !correlations.isEmpty, cursor > 0 else { return }
        let lookback = (correlations.map(\.rule.timespan).max() ?? 0) + correlator.limits.tolerance
        let since = clock().addingTimeInterval(-lookback)
        guard let first = try await store.firstEventID(receivedSince: since), first <= cursor else { return }
        var position = max(first - 1, cursor - Self.rewarmLimit)
        var replayed = 0
        while position < cursor {
            // Ids may have gaps, so a read can reach past the cursor: those events are the live pipeline's.
            let events = try await store.events(
                after: position, limit: Int(min(Int64(batchSize), cursor - position))
            ).filter { $0.id <= cursor }
            guard let last = events.last else { break }
            let outcome = await matcher.match(events)
            for found in outcome.matched {
                let event = events[found.index]
                let time = found.timestamp.flatMap(EventTime.seconds)
                for (rule, captured) in zip(found.rules, found.captured) {
                    guard let captured else { continue }
                    _ = correlator.add(
                        rule: rule, time: time, captured: captured,
                        context: EventRef(id: event.id, host: found.host, timestamp: found.timestamp))
                }
            }
            replayed += events.count
            position = last.id
        }
        logger.info("correlation windows refilled", metadata: ["events": "\(replayed)", "cursor": "\(cursor)"])
    }

    /// Reads the active suppression rules again (after a change through the API; every 30 s in ``run()``, for
    /// changes another node made). Only rules with an expiry and no event-field condition apply here.
    public func reloadSuppressions() async throws {
        let now = clock()
        suppressions = try await store.suppressions(activeAt: now).compactMap { rule in
            guard rule.field == nil, let id = rule.id, let until = rule.expiresAt else { return nil }
            return TocsinResponse.SuppressionRule(
                id: String(id), ruleID: rule.ruleID, host: rule.host, until: until, reason: rule.reason)
        }
        suppressionsLoaded = now
    }

    /// Ingest reports that events up to `id` are durable (another node, or a source that does not hand them over),
    /// and, when it knows, when the oldest of them was received.
    public func noteAppended(upTo id: Int64, oldestReceivedAt: Date? = nil) {
        appended = max(appended, id)
        if let oldestReceivedAt, id > cursor {
            if let tail = waiting.last, tail.last > id {
                waiting.append((id, oldestReceivedAt))
                waiting.sort { $0.last < $1.last }
            } else {
                waiting.append((id, oldestReceivedAt))
            }
        }
        wakeUp?.resume()
        wakeUp = nil
    }

    /// How long the oldest event ingest reported and detection has not yet taken up has waited, in seconds (0 when
    /// none waits). Ingest holds new batches while it is over `ingest.max_detection_delay`. The batch being
    /// matched or committed does not count: it is on its way, and holding ingest for it would only leave the
    /// machine idle while it commits.
    public var delay: TimeInterval {
        guard let oldest = waiting.first(where: { $0.last > matchedUpTo }) else { return 0 }
        return max(0, clock().timeIntervalSince(oldest.receivedAt))
    }

    /// Ingest hands over events it has just made durable, ids ascending; kept while they fit the memory bound,
    /// otherwise the pipeline reads them back from the store.
    public func handOver(_ events: [StoredEvent]) {
        guard let last = events.last else { return }
        let bytes = events.reduce(0) { $0 + $1.text.count }
        if last.id > matchedUpTo, recentBytes + bytes <= recentLimit {
            if let tail = recent.last, tail.id > events[0].id {
                recent += events
                recent.sort { $0.id < $1.id }
            } else {
                recent += events
            }
            recentBytes += bytes
        }
        noteAppended(upTo: last.id, oldestReceivedAt: events.map(\.receivedAt).min())
    }

    /// Events stored but not yet matched (what back-pressure watches).
    public var lag: Int64 { max(0, appended - cursor) }

    /// Processes batches until cancelled, matching the next batch while the last one is committed; sleeps while
    /// there is nothing to do.
    public func run() async {
        var committing: Task<Void, Error>?
        while !Task.isCancelled {
            do {
                if clock().timeIntervalSince(suppressionsLoaded) > 30 { try await reloadSuppressions() }
                let prepared = try await prepare()
                if let committing { try await committing.value }
                committing = nil
                guard let prepared else {
                    await idle()
                    continue
                }
                committing = Task { try await self.commit(prepared) }
            } catch {
                // A commit still under way finishes (or fails) before matching starts again at the cursor.
                if let committing { _ = try? await committing.value }
                committing = nil
                recover(from: error)
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        if let committing {
            do { try await committing.value } catch { recover(from: error) }
        }
    }

    /// After a failed read or commit, matching starts again at the committed cursor.
    private func recover(from error: Error) {
        statistics.failures += 1
        matchedUpTo = cursor
        logger.error("detection step failed", metadata: ["error": "\(error)"])
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
        do {
            guard let prepared = try await prepare() else { return 0 }
            try await commit(prepared)
            return prepared.events
        } catch {
            matchedUpTo = cursor
            throw error
        }
    }

    /// The next events after `matchedUpTo`: those handed over when they follow on, otherwise read from the store.
    private func nextEvents() async throws -> [StoredEvent] {
        var drop = 0
        while drop < recent.count, recent[drop].id <= matchedUpTo {
            recentBytes -= recent[drop].text.count
            drop += 1
        }
        if drop > 0 { recent.removeFirst(drop) }
        if let first = recent.first, first.id == matchedUpTo + 1 {
            var count = 1
            while count < min(batchSize, recent.count), recent[count].id == recent[count - 1].id + 1 { count += 1 }
            let batch = Array(recent.prefix(count))
            for event in batch { recentBytes -= event.text.count }
            recent.removeFirst(count)
            return batch
        }
        return try await store.events(after: matchedUpTo, limit: batchSize)
    }

    /// Matches the next batch and raises its alerts (correlations included), without committing.
    private func prepare() async throws -> Prepared? {
        let events = try await nextEvents()
        guard let last = events.last else { return nil }
        let outcome = await matcher.match(events)
        let now = clock()
        var prepared = Prepared(last: last.id, events: events.count, alerts: [], receivedAt: [:], time: now)
        statistics.malformed += outcome.malformed
        for found in outcome.matched {
            let event = events[found.index]
            prepared.receivedAt[event.id] = event.receivedAt
            let time = found.timestamp.flatMap(EventTime.seconds)
            for (rule, captured) in zip(found.rules, found.captured) {
                let compiled = engine.rules[rule]
                if let captured {
                    let raised = correlator.add(
                        rule: rule, time: time, captured: captured,
                        context: EventRef(id: event.id, host: found.host, timestamp: found.timestamp))
                    prepared.alerts += raised.map { correlationAlert($0, now: now) }
                }
                if suppressedRules[rule] { continue }
                prepared.alerts.append(
                    NewAlert(
                        dedupKey: "\(compiled.id):\(event.id)", ruleID: compiled.id, title: compiled.title,
                        severity: compiled.level, eventID: event.id, host: found.host, createdAt: now,
                        details: [
                            "tags": ruleTags[rule], "timestamp": found.timestamp.map { .string($0) } ?? .null,
                        ]))
            }
        }
        matchedUpTo = last.id
        appended = max(appended, last.id)
        return prepared
    }

    /// Commits a matched batch's alerts with the cursor, then files them into incidents.
    private func commit(_ prepared: Prepared) async throws {
        let commit = try await store.commitProcessing(upTo: prepared.last, alerts: prepared.alerts, audit: [])
        cursor = commit.cursor
        let done = waiting.prefix { $0.last <= cursor }.count
        if done > 0 { waiting.removeFirst(done) }
        let committed = clock()
        for (alert, id) in zip(prepared.alerts, commit.alertIDs) where id != nil {
            if let eventID = alert.eventID, let received = prepared.receivedAt[eventID] {
                statistics.alertLatency.observe(committed.timeIntervalSince(received))
            }
        }
        statistics.events += prepared.events
        statistics.alerts += commit.alertIDs.count { $0 != nil }
        statistics.duplicates += commit.duplicates
        try await file(
            zip(prepared.alerts, commit.alertIDs).compactMap { alert, id in id.map { (alert, $0) } },
            now: prepared.time)
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

    /// Files stored alerts into incidents: the book decides, then every incident touched is written once, with
    /// its new alerts, in one transaction that also moves the filing cursor.
    private func file(_ stored: [(NewAlert, Int64)], now: Date) async throws {
        guard let last = stored.last?.1 else { return }
        // Incident-book identifiers in the order first touched, and the alerts each gained.
        var touched: [String] = []
        var joined: [String: [Int64]] = [:]
        for (alert, id) in stored {
            guard let incident = fileInBook(alert, id: id, now: now) else { continue }
            if joined[incident] == nil { touched.append(incident) }
            joined[incident, default: []].append(id)
        }
        let filings = touched.compactMap { id -> IncidentFiling? in
            guard let incident = book.incidents[id] else { return nil }
            return IncidentFiling(draft: draft(incident, storeID: storeIncident[id]), alertIDs: joined[id] ?? [])
        }
        let ids = try await store.fileAlerts(filings, upTo: last, actor: "tocsin")
        for (incident, id) in zip(touched, ids) { storeIncident[incident] = id }
        if let onFiled {
            await onFiled(zip(touched, ids).compactMap { incident, id in book.incidents[incident].map { ($0, id) } })
        }
    }

    /// Files one alert in the incident book; returns the incident it went into (none when suppressed).
    private func fileInBook(_ alert: NewAlert, id: Int64, now: Date) -> String? {
        var tags: [String] = []
        if case .array(let values) = alert.details["tags"] ?? .null {
            tags = values.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
        }
        // Incidents group by event time (when the attack happened), not by when Tocsin received the event.
        var eventTime = now
        if case .string(let text) = alert.details["timestamp"] ?? .null, let seconds = EventTime.seconds(text) {
            eventTime = Date(timeIntervalSince1970: seconds)
        }
        // A rule's alerts carry its tags: their tactics are worked out once per rule (checked against the tags, as
        // alerts stored by an earlier version of the rule may carry others).
        let tactics: Set<String>
        if let known = tacticsByRule[alert.ruleID], known.tags == tags {
            tactics = known.tactics
        } else {
            tactics = AlertFacts.tactics(of: tags)
            tacticsByRule[alert.ruleID] = (tags, tactics)
        }
        let facts = AlertFacts(
            id: String(id), ruleID: alert.ruleID, ruleTitle: alert.title, level: alert.severity, tags: tags,
            tactics: tactics, host: alert.host, time: eventTime)
        // The incident the alert was filed into is named by the actions: no need to search the book.
        var filedInto: String?
        for action in book.handle(facts, suppressions: suppressions, at: now) {
            switch action {
            case .opened(let incident): filedInto = incident.id
            case .joined(let incident, _), .severityRaised(let incident, _, _, _): filedInto = incident
            case .suppressed: statistics.suppressed += 1
            case .stateChanged, .noted: break
            }
        }
        return filedInto
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

    /// The book's incident stored as `storeID`.
    public func incident(storeID: Int64) -> TocsinResponse.Incident? {
        storeIncident.first { $0.value == storeID }.flatMap { book.incidents[$0.key] }
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
    /// Alerts stored but kept out of incidents by a suppression rule.
    public var suppressed = 0
    /// From an event's receipt to its alert's commit, per stored alert.
    public var alertLatency = LatencyHistogram()
}
