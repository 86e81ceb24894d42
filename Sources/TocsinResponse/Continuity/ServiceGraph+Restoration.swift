extension ServiceGraph {
    /// The plan to restore the services an impact lists, bringing its offline systems back first.
    public func restorationPlan(for impact: ContainmentImpact) -> RestorationPlan {
        restorationPlan(services: Set(impact.services.map(\.id)), systems: Set(impact.offlineSystems.map(\.id)))
    }

    /// The plan to bring back these systems and restore these services; unknown ids are left out.
    ///
    /// Dependencies and systems not in the sets are taken to be running. See `RestorationPlan` for the order.
    public func restorationPlan(services: Set<String>, systems: Set<String> = []) -> RestorationPlan {
        let planned = Set(services.compactMap { serviceIndex[$0] })
        let plannedSystems = Set(systems.compactMap { systemIndex[$0] })
        let serviceOrder = order.filter(planned.contains)
        // Nodes: systems first (0..<systemCount), then services shifted by systemCount.
        let systemCount = catalogue.systems.count
        var predecessors: [Int: [Int]] = [:]
        var successors: [Int: [Int]] = [:]
        for service in serviceOrder {
            let node = systemCount + service
            let before =
                systemsOfService[service].filter(plannedSystems.contains).sorted()
                + dependencies[service].map(\.service).filter(planned.contains).sorted().map { systemCount + $0 }
            predecessors[node] = before
            for other in before { successors[other, default: []].append(node) }
        }
        let nodes = plannedSystems.sorted() + serviceOrder.map { systemCount + $0 }
        var wave: [Int: Int] = [:]
        for node in nodes {
            wave[node] = (predecessors[node] ?? []).compactMap { wave[$0] }.max().map { $0 + 1 } ?? 0
        }
        var priority: [Int: Int] = [:]
        for node in nodes.reversed() {
            let own = node >= systemCount ? catalogue.services[node - systemCount].priority : Int.max
            let inherited = (successors[node] ?? []).compactMap { priority[$0] }.min() ?? Int.max
            let value = min(own, inherited)
            priority[node] = value == Int.max ? CatalogueService.defaultPriority : value
        }
        return RestorationPlan(
            steps: ordered(nodes, predecessors, successors, priority).map { node in
                let before = predecessors[node] ?? []
                let isService = node >= systemCount
                return RestorationStep(
                    kind: isService ? .service : .system, id: id(of: node), wave: wave[node] ?? 0,
                    priority: priority[node] ?? CatalogueService.defaultPriority,
                    afterSystems: before.filter { $0 < systemCount }.map { catalogue.systems[$0].id },
                    afterServices: before.filter { $0 >= systemCount }.map { id(of: $0) })
            })
    }

    /// Kahn's algorithm over the plan's nodes, taking the smallest key among those ready.
    private func ordered(
        _ nodes: [Int], _ predecessors: [Int: [Int]], _ successors: [Int: [Int]], _ priority: [Int: Int]
    ) -> [Int] {
        let systemCount = catalogue.systems.count
        func key(_ node: Int) -> StepHeap.Key {
            .init(priority: priority[node] ?? 0, rank: node < systemCount ? 0 : 1, id: id(of: node), node: node)
        }
        var outstanding = Dictionary(uniqueKeysWithValues: nodes.map { ($0, predecessors[$0]?.count ?? 0) })
        var heap = StepHeap()
        for node in nodes where outstanding[node] == 0 { heap.push(key(node)) }
        var result: [Int] = []
        while let next = heap.pop() {
            result.append(next.node)
            for successor in successors[next.node] ?? [] {
                outstanding[successor, default: 0] -= 1
                if outstanding[successor] == 0 { heap.push(key(successor)) }
            }
        }
        return result
    }

    /// The id of a plan node: a system below the system count, a service above.
    private func id(of node: Int) -> String {
        let systemCount = catalogue.systems.count
        return node < systemCount ? catalogue.systems[node].id : catalogue.services[node - systemCount].id
    }
}
