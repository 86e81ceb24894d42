extension ServiceGraph {
    /// What taking these targets offline does, in time linear in the size of the graph.
    ///
    /// A data centre offline takes its systems offline. A service is down when it was switched off, when a system
    /// it needs is offline (any of them; for a redundant service, all of them) or when a required dependency is
    /// down. It is degraded when a redundant service lost some of its systems, a required dependency is degraded or
    /// an optional one is down or degraded. Down wins over degraded.
    ///
    /// Only services reachable from the targets along reverse dependency edges are evaluated, in topological
    /// order, so each one's dependencies are settled before it.
    public func impact(of targets: Set<ContainmentTarget>) -> ContainmentImpact {
        let sortedTargets = targets.sorted()
        var unknown: [ContainmentTarget] = []
        var offlineBecause = [[ContainmentTarget]](repeating: [], count: catalogue.systems.count)
        var switchedOff = [Bool](repeating: false, count: catalogue.services.count)
        for target in sortedTargets {
            switch target {
            case .system(let id):
                guard let system = systemIndex[id] else { unknown.append(target); continue }
                offlineBecause[system].append(target)
            case .dataCentre(let id):
                guard let centre = dataCentreIndex[id] else { unknown.append(target); continue }
                for system in systemsOfDataCentre[centre] { offlineBecause[system].append(target) }
            case .service(let id):
                guard let service = serviceIndex[id] else { unknown.append(target); continue }
                switchedOff[service] = true
            }
        }
        let offline = offlineBecause.map { !$0.isEmpty }
        let effects = propagate(offline: offline, switchedOff: switchedOff)
        var impact = ContainmentImpact(targets: sortedTargets, unknownTargets: unknown)
        for (system, because) in offlineBecause.enumerated() where !because.isEmpty {
            impact.offlineSystems.append(.init(id: catalogue.systems[system].id, because: because.sorted()))
        }
        for (service, entry) in effects.enumerated() {
            guard let entry else { continue }
            let id = catalogue.services[service].id
            impact.services.append(.init(id: id, effect: entry.effect, causes: entry.causes))
        }
        impact.customers = affectedCustomers(effects.map { $0?.effect })
        return impact
    }

    /// Each service's effect and causes, nil for a service not affected.
    func propagate(
        offline: [Bool], switchedOff: [Bool]
    ) -> [(effect: ServiceEffect, causes: [ImpactCause])?] {
        let count = catalogue.services.count
        var reached = [Bool](repeating: false, count: count)
        var queue: [Int] = []
        for service in 0..<count
        where switchedOff[service] || systemsOfService[service].contains(where: { offline[$0] }) {
            reached[service] = true
            queue.append(service)
        }
        var head = 0
        while head < queue.count {
            for edge in dependents[queue[head]] where !reached[edge.service] {
                reached[edge.service] = true
                queue.append(edge.service)
            }
            head += 1
        }
        var effects = [(effect: ServiceEffect, causes: [ImpactCause])?](repeating: nil, count: count)
        for service in order where reached[service] {
            var down: [ImpactCause] = []
            var degraded: [ImpactCause] = []
            let entry = catalogue.services[service]
            if switchedOff[service] { down.append(.switchedOff(entry.id)) }
            let systems = systemsOfService[service]
            let lost = systems.filter { offline[$0] }.map { ImpactCause.systemOffline(catalogue.systems[$0].id) }
            if !lost.isEmpty {
                if !entry.redundant || lost.count == systems.count { down += lost } else { degraded += lost }
            }
            for edge in dependencies[service] {
                guard let effect = effects[edge.service]?.effect else { continue }
                let cause = ImpactCause.dependency(catalogue.services[edge.service].id, edge.kind, effect)
                if edge.kind == .required && effect == .down { down.append(cause) } else { degraded.append(cause) }
            }
            if !down.isEmpty {
                effects[service] = (.down, down)
            } else if !degraded.isEmpty {
                effects[service] = (.degraded, degraded)
            }
        }
        return effects
    }

    /// The customer groups of the affected services, in catalogue order.
    func affectedCustomers(_ effects: [ServiceEffect?]) -> [ContainmentImpact.AffectedCustomers] {
        var services = [[Int]](repeating: [], count: catalogue.customers.count)
        for (service, effect) in effects.enumerated() where effect != nil {
            for group in customersOfService[service] { services[group].append(service) }
        }
        return services.enumerated().compactMap { group, list in
            guard let worst = list.compactMap({ effects[$0] }).max() else { return nil }
            let entry = catalogue.customers[group]
            return .init(
                id: entry.id, count: entry.count, effect: worst, services: list.map { catalogue.services[$0].id })
        }
    }
}
