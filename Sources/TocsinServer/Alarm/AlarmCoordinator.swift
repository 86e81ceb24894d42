import Foundation
import Logging
import TocsinCore
import TocsinDelivery
import TocsinResponse
import TocsinStore

/// Carries out the alarm chain's decisions: when an incident opens or grows it plans (pure, ``AlarmPlanner``),
/// renders the messages and writes them to the outbox in the same transaction as the decision; it moves
/// escalations on their timers and stops them when the incident is acknowledged or resolved.
///
/// Crash-safe by replay: at start every open incident is planned again, and a decision already recorded writes
/// nothing (playbook runs, escalations and message keys are unique in the store).
public actor AlarmCoordinator<S: Store> {
    let store: S
    let planner: AlarmPlanner
    let composer: MessageComposer
    let rules: RuleCatalogue
    let clock: @Sendable () -> Date
    let logger: Logger
    let metrics: ServerMetrics
    /// The latest facts of each incident the coordinator has seen, by store id.
    private var facts: [Int64: AlarmFacts] = [:]
    private var changed: [Int64] = []
    private var wakeUp: CheckedContinuation<Void, Never>?
    /// Called when messages were written, so the deliverer looks at once.
    private let onQueued: @Sendable () -> Void

    init(
        store: S, planner: AlarmPlanner, composer: MessageComposer, rules: RuleCatalogue, metrics: ServerMetrics,
        clock: @escaping @Sendable () -> Date, logger: Logger, onQueued: @escaping @Sendable () -> Void
    ) {
        self.store = store
        self.planner = planner
        self.composer = composer
        self.rules = rules
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        self.onQueued = onQueued
    }

    /// The pipeline filed alerts into these incidents (book incident, store id).
    func incidentsFiled(_ incidents: [(TocsinResponse.Incident, Int64)]) {
        for (incident, id) in incidents {
            let new = AlarmFacts(incident, storeID: id, rules: rules)
            if facts[id] != new {
                facts[id] = new
                if !changed.contains(id) { changed.append(id) }
            }
        }
        if !changed.isEmpty {
            wakeUp?.resume()
            wakeUp = nil
        }
    }

    /// Plans every open incident in the store again (after a restart: a decision the crash interrupted is made
    /// now; one already recorded writes nothing).
    func replay() async {
        do {
            var open: [TocsinStore.Incident] = []
            for state in IncidentState.allCases where state.isOpen {
                open += try await store.incidents(state: state.rawValue, limit: 10_000)
            }
            incidentsFiled(open.map { (DetectionPipeline<S>.bookIncident($0, id: "store-\($0.id)"), $0.id) })
        } catch {
            metrics.count(.alarmFailures)
            logger.error("replaying alarm decisions failed", metadata: ["error": "\(error)"])
        }
        await planChanged()
    }

    /// Plans the incidents that changed since the last call; `false` when the store failed (the incident stays
    /// queued and is planned again after a pause).
    @discardableResult
    func planChanged() async -> Bool {
        while let id = changed.first {
            guard let facts = facts[id] else {
                changed.removeFirst()
                continue
            }
            do {
                try await plan(facts)
                changed.removeAll { $0 == id }
            } catch {
                metrics.count(.alarmFailures, by: 1)
                logger.error(
                    "planning the alarm failed", metadata: ["incident.id": "\(id)", "error": "\(error)"])
                return false
            }
        }
        return true
    }

    private func plan(_ facts: AlarmFacts) async throws {
        let state = try await store.alarmState(incidentID: facts.incidentID)
        let now = clock()
        let plan = planner.plan(
            for: facts.planned, running: Set(state.escalations.map(\.policy)), fired: state.playbooks, at: now)
        guard !plan.isEmpty else { return }
        var write = AlarmWrite(incidentID: facts.incidentID, playbooks: plan.firedPlaybooks)
        for escalation in plan.started {
            write.escalations.append(try record(escalation, id: nil, incidentID: facts.incidentID))
            write.audit.append(
                AuditDraft(
                    actor: "tocsin", action: "escalation.started", subject: "incident:\(facts.incidentID)",
                    details: ["policy": .string(escalation.policyName)]))
        }
        write.messages = try plan.messages.map { try composer.draft($0, facts: facts, at: now) }
        try await commit(write)
    }

    private func commit(_ write: AlarmWrite) async throws {
        let result = try await store.recordAlarm(write, actor: "tocsin")
        metrics.count(.messagesQueued, by: result.messageIDs.count)
        if !result.messageIDs.isEmpty { onQueued() }
    }

    /// A draft was approved: the deliverer looks at once.
    func messagesQueued() { onQueued() }

    /// Moves escalations whose next step is due.
    func tick() async {
        let now = clock()
        do {
            for record in try await store.dueEscalations(at: now, limit: 100) {
                guard let id = record.id else { continue }
                var escalation = try decode(record)
                // The store's incident is the authority: one acknowledged or resolved whose escalation was not
                // stopped (a crash between the two writes) is stopped now instead of paged again.
                let stored = try await store.incident(id: record.incidentID)
                if let stored, let state = IncidentState(rawValue: stored.state), state != .new {
                    let event: EscalationEvent =
                        state.isOpen ? .acknowledge(actor: "tocsin") : .resolve(actor: "tocsin")
                    _ = escalation.handle(event, at: now)
                    try await commit(
                        AlarmWrite(
                            incidentID: record.incidentID,
                            escalations: [try self.record(escalation, id: id, incidentID: record.incidentID)],
                            audit: [
                                AuditDraft(
                                    actor: "tocsin", action: "escalation.stopped", subject: "incident:\(record.incidentID)",
                                    details: ["policy": .string(record.policy), "incident_state": .string(state.rawValue)])
                            ]))
                    continue
                }
                let actions = escalation.handle(.tick, at: now)
                guard let facts = try await facts(for: record.incidentID) else { continue }
                var write = AlarmWrite(
                    incidentID: record.incidentID,
                    escalations: [try self.record(escalation, id: id, incidentID: record.incidentID)])
                for action in actions {
                    switch action {
                    case .page(let page):
                        write.messages += try planner.messages(for: page, incident: facts.planned).map {
                            try composer.draft($0, facts: facts, at: now)
                        }
                        write.audit.append(
                            AuditDraft(
                                actor: "tocsin", action: "escalation.paged", subject: "incident:\(record.incidentID)",
                                details: [
                                    "policy": .string(record.policy), "tier": .int(Int64(page.tier)),
                                    "loop": .int(Int64(page.loop)),
                                ]))
                    case .exhausted:
                        metrics.count(.escalationsExhausted, by: 1)
                        write.audit.append(
                            AuditDraft(
                                actor: "tocsin", action: "escalation.exhausted", subject: "incident:\(record.incidentID)",
                                details: ["policy": .string(record.policy)]))
                        logger.warning(
                            "escalation exhausted: nobody acknowledged",
                            metadata: ["incident.id": "\(record.incidentID)", "policy": "\(record.policy)"])
                    default: break
                    }
                }
                try await commit(write)
            }
        } catch {
            metrics.count(.alarmFailures, by: 1)
            logger.error("moving escalations failed", metadata: ["error": "\(error)"])
        }
    }

    /// A responder acknowledged or resolved the incident (through the API or a link): its escalations stop, the
    /// others paged hear who took it, and PagerDuty alerts follow.
    func incidentStateChanged(_ incident: TocsinResponse.Incident, storeID: Int64, actor: String) async throws {
        let now = clock()
        let facts = AlarmFacts(incident, storeID: storeID, rules: rules)
        self.facts[storeID] = facts
        let event: EscalationEvent
        let action: WebhookFacts.Action
        switch incident.state {
        case .acknowledged, .contained:
            (event, action) = (.acknowledge(actor: actor), .acknowledge)
        case .resolved, .closed:
            (event, action) = (.resolve(actor: actor), .resolve)
        case .new:
            return
        }
        let state = try await store.alarmState(incidentID: storeID)
        var write = AlarmWrite(incidentID: storeID)
        var stopped = false
        for record in state.escalations {
            var escalation = try decode(record)
            let actions = escalation.handle(event, at: now)
            guard !actions.isEmpty else { continue }
            stopped = true
            write.escalations.append(try self.record(escalation, id: record.id, incidentID: storeID))
            write.audit.append(
                AuditDraft(
                    actor: actor, action: action == .acknowledge ? "escalation.acknowledged" : "escalation.resolved",
                    subject: "incident:\(storeID)", details: ["policy": .string(record.policy)]))
        }
        guard stopped else { return }
        let paged = try await store.messages(incidentID: storeID, status: nil, limit: 1000)
            .filter { $0.draft.template == "page" }.map { ($0.draft.contact, $0.draft.channel) }
        let generation = String(state.escalations.count)
        write.messages = try composer.stateNotes(
            for: facts, paged: paged.reversed(), actor: actor, action: action, generation: generation, at: now)
        try await commit(write)
    }

    private func facts(for incidentID: Int64) async throws -> AlarmFacts? {
        if let known = facts[incidentID] { return known }
        guard let stored = try await store.incident(id: incidentID) else { return nil }
        let incident = DetectionPipeline<S>.bookIncident(stored, id: "store-\(incidentID)")
        let made = AlarmFacts(incident, storeID: incidentID, rules: rules)
        facts[incidentID] = made
        return made
    }

    private func decode(_ record: EscalationRecord) throws -> Escalation {
        try JSONDecoder().decode(Escalation.self, from: Data(record.state.utf8))
    }

    private func record(_ escalation: Escalation, id: Int64?, incidentID: Int64) throws -> EscalationRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let state = String(decoding: try encoder.encode(escalation), as: UTF8.self)
        let status: String
        switch escalation.status {
        case .active: status = "active"
        case .acknowledged: status = "acknowledged"
        case .resolved: status = "resolved"
        case .exhausted: status = "exhausted"
        }
        return EscalationRecord(
            id: id, incidentID: incidentID, policy: escalation.policyName, state: state, status: status,
            nextDue: escalation.nextDue)
    }

    /// Plans changed incidents as they come and moves escalations every `tick`, until cancelled.
    /// Ends at `stop()` between steps, never in the middle of one: a store call cut off by cancellation can leave
    /// SQLite's connection inside its transaction.
    func run(tick interval: Duration, stop: @escaping @Sendable () -> Bool) async {
        var lastTick = ContinuousClock.now
        while !Task.isCancelled && !stop() {
            let planned = await planChanged()
            if ContinuousClock.now - lastTick >= interval {
                await tick()
                lastTick = ContinuousClock.now
            }
            if planned {
                await sleep(upTo: interval)
            } else {
                try? await Task.sleep(for: max(interval, .milliseconds(500)))
            }
        }
    }

    private func sleep(upTo duration: Duration) async {
        guard changed.isEmpty, !Task.isCancelled else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: duration)
            await self?.wake()
        }
        await withCheckedContinuation { continuation in wakeUp = continuation }
        timer.cancel()
    }

    private func wake() {
        wakeUp?.resume()
        wakeUp = nil
    }
}
