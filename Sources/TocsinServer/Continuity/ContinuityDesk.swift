import Foundation
import Logging
import TocsinCore
import TocsinResponse
import TocsinStore

/// Where responders run service continuity: containment (what-if, then recorded), the recovery of each service, the
/// public incidents and maintenance windows. Every change is one store transaction with its audit entry, and changes
/// run one at a time (``serialized(_:)``), so their read-modify-write of the record is never interleaved.
actor ContinuityDesk<S: Store> {
    let store: S
    /// The service graph from the catalogue; `nil` when none is configured.
    let graph: ServiceGraph?
    let settings: ContinuitySettings
    let clock: @Sendable () -> Date
    let logger: Logger
    let subscriptions: SubscriptionMailer?
    private var onChange: @Sendable () async -> Void = {}
    /// Whether a change is under way: the actor lets other calls in at every await, so a change's read, decision
    /// and write are made one at a time by ``serialized(_:)``, or two responders acting at once could both take
    /// the same number, and one write would replace the other.
    private var changing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(
        store: S, graph: ServiceGraph?, settings: ContinuitySettings, subscriptions: SubscriptionMailer?,
        clock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.store = store
        self.graph = graph
        self.settings = settings
        self.subscriptions = subscriptions
        self.clock = clock
        self.logger = logger
    }

    /// Tells `action` after every change (the page cache re-renders).
    func whenChanged(_ action: @escaping @Sendable () async -> Void) {
        onChange = action
    }

    /// Runs `body` when no other change is under way, so its read, decision and write are not interleaved.
    func serialized<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        while changing {
            await withCheckedContinuation { waiting.append($0) }
        }
        changing = true
        defer {
            changing = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }

    /// Runs the change callback (extensions cannot reach the private property).
    func onChangeAction() async {
        await onChange()
    }

    /// The record as stored now.
    func state() async throws -> ContinuityState {
        try StatusDocuments.state(from: try await store.statusDocuments(kind: nil))
    }

    nonisolated func requireGraph() throws -> ServiceGraph {
        guard let graph else {
            throw DeskError(.noCatalogue, "no service catalogue is configured (continuity.catalogue in tocsin.yaml)")
        }
        return graph
    }

    /// What isolating `targets` would do, and the plan to bring it back: nothing is recorded.
    func whatIf(_ targets: Set<ContainmentTarget>) throws -> (impact: ContainmentImpact, plan: RestorationPlan) {
        let graph = try requireGraph()
        let impact = graph.impact(of: targets)
        guard impact.unknownTargets.isEmpty else {
            throw DeskError(.invalid, "unknown in the catalogue: " + impact.unknownTargets.map(Self.name).joined(separator: ", "))
        }
        return (impact, graph.restorationPlan(for: impact))
    }

    /// Records a containment: the services it takes down go down as a precaution, and their recovery starts there.
    func unserializedContain(_ targets: Set<ContainmentTarget>, reason: String, actor: String) async throws -> ContainmentRecord {
        let (impact, _) = try whatIf(targets)
        guard !targets.isEmpty else { throw DeskError(.invalid, "a containment needs at least one target") }
        let state = try await state()
        let now = clock()
        let record = ContainmentRecord(
            id: "c-\(StatusDocuments.nextNumber(prefix: "c-", in: state.containments.map(\.id)))",
            targets: targets.sorted(), reason: reason, actor: actor, at: now, impact: impact)
        var writes = [try StatusDocuments.write(StatusDocuments.containment, record.id, record)]
        var downed: [String] = []
        for service in impact.services(.down) {
            var recovery = state.recoveries[service]?.recovery ?? ServiceRecovery(service: service, phase: .regularOperation, since: now)
            guard recovery.phase != .down else { continue }
            _ = recovery.handle(.takeDown(reason: LocalizedText(reason)), at: now)
            writes.append(
                try StatusDocuments.write(
                    StatusDocuments.recovery, service, RecoveryRecord(recovery: recovery, precaution: true)))
            downed.append(service)
        }
        _ = try await store.writeStatus(
            writes,
            audit: [
                AuditDraft(
                    actor: actor, action: "continuity.contained", subject: "containment:\(record.id)",
                    details: [
                        "targets": .array(record.targets.map { .string(Self.name($0)) }), "reason": .string(reason),
                        "services_down": .array(impact.services(.down).map { .string($0) }),
                        "services_degraded": .array(impact.services(.degraded).map { .string($0) }),
                        "customers": .int(Int64(impact.customerCount)),
                    ])
            ])
        logger.info("containment recorded", metadata: ["containment.id": "\(record.id)", "services.down": "\(downed.count)"])
        await onChange()
        return record
    }

    /// Lifts a containment: its systems are back; the services it took down restart by the restoration plan.
    func unserializedLift(_ id: String, actor: String) async throws -> ContainmentRecord {
        let state = try await state()
        guard var record = state.containments.first(where: { $0.id == id }) else {
            throw DeskError(.notFound, "no containment \(id)")
        }
        guard record.isActive else { throw DeskError(.conflict, "containment \(id) was already lifted") }
        record.liftedAt = clock()
        record.liftedBy = actor
        _ = try await store.writeStatus(
            [try StatusDocuments.write(StatusDocuments.containment, id, record)],
            audit: [AuditDraft(actor: actor, action: "continuity.lifted", subject: "containment:\(id)")])
        await onChange()
        return record
    }

    /// Moves one service's recovery on; starting to restore needs its required dependencies up.
    func unserializedRecover(_ service: String, _ event: RecoveryEvent, actor: String) async throws -> RecoveryRecord {
        let graph = try requireGraph()
        guard graph.service(service) != nil else { throw DeskError(.notFound, "no service \(service) in the catalogue") }
        let state = try await state()
        let now = clock()
        var record = state.recoveries[service]
            ?? RecoveryRecord(recovery: ServiceRecovery(service: service, phase: .regularOperation, since: now), precaution: false)
        if case .startRestoring = event {
            let blockers = graph.restorationBlockers(of: service, phases: state.phases)
            guard blockers.isEmpty else {
                throw DeskError(
                    .conflict,
                    "\(service) cannot start restoring before what it requires runs: " + blockers.joined(separator: ", "))
            }
        }
        let from = record.recovery.phase
        switch record.recovery.handle(event, at: now) {
        case .failure(let rejection): throw DeskError(.conflict, rejection.message)
        case .success: break
        }
        if case .takeDown = event { record.precaution = false }
        _ = try await store.writeStatus(
            [try StatusDocuments.write(StatusDocuments.recovery, service, record)],
            audit: [
                AuditDraft(
                    actor: actor, action: "continuity.recovery", subject: "service:\(service)",
                    details: [
                        "event": .string(Self.name(event)), "from": .string(from.rawValue),
                        "to": .string(record.recovery.phase.rawValue),
                    ])
            ])
        await onChange()
        return record
    }

    /// The plan for everything not yet back in regular operation, and how far it has come.
    func restoration() async throws -> (plan: RestorationPlan, progress: RecoveryProgress, state: ContinuityState) {
        let graph = try requireGraph()
        let state = try await state()
        let pending = state.pendingRestoration(in: graph)
        let plan = graph.restorationPlan(services: pending.services, systems: pending.systems)
        return (plan, graph.progress(of: plan, phases: state.phases), state)
    }

    /// Sets (or, with `nil`, clears) a component's state by hand.
    func unserializedOverride(_ component: String, with value: ComponentOverride?, actor: String) async throws {
        let graph = try requireGraph()
        guard graph.service(component) != nil else { throw DeskError(.notFound, "no component \(component)") }
        let write =
            try value.map { try StatusDocuments.write(StatusDocuments.override, component, $0) }
            ?? StatusDocumentWrite(kind: StatusDocuments.override, id: component, body: nil)
        var details: [String: JSONValue] = [:]
        if let value {
            details["status"] = .string(value.status.rawValue)
            if let reason = value.reason { details["reason"] = .string(reason.rawValue) }
        }
        _ = try await store.writeStatus(
            [write],
            audit: [
                AuditDraft(
                    actor: actor, action: value == nil ? "status.component_cleared" : "status.component_set",
                    subject: "component:\(component)", details: details)
            ])
        await onChange()
    }

    static func name(_ target: ContainmentTarget) -> String { "\(target.kind):\(target.id)" }

    static func name(_ event: RecoveryEvent) -> String {
        switch event {
        case .startRestoring: "start_restoring"
        case .startEmergencyOperation: "start_emergency_operation"
        case .returnToRegular: "return_to_regular"
        case .takeDown: "take_down"
        case .schedulePlannedOutage: "schedule_planned_outage"
        case .cancelPlannedOutage: "cancel_planned_outage"
        }
    }
}
