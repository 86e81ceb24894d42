extension ServiceGraph {
    /// The progress of a plan's services, given their phases; a plan service missing from `phases` counts as down.
    public func progress(of plan: RestorationPlan, phases: [String: RecoveryPhase]) -> RecoveryProgress {
        let services = plan.services
        var counts = Dictionary(uniqueKeysWithValues: RecoveryPhase.allCases.map { ($0, 0) })
        var known = phases
        for service in services {
            let phase = phases[service] ?? .down
            known[service] = phase
            counts[phase, default: 0] += 1
        }
        var next: [String] = []
        var blocked: [String: [String]] = [:]
        for service in services where known[service] == .down {
            let blockers = restorationBlockers(of: service, phases: known)
            if blockers.isEmpty { next.append(service) } else { blocked[service] = blockers }
        }
        let regular = counts[.regularOperation] ?? 0
        let percent = services.isEmpty ? 100 : Double(regular) * 100 / Double(services.count)
        return RecoveryProgress(counts: counts, percentRegular: percent, nextSteps: next, blocked: blocked)
    }
}
