extension CatalogueValidator {
    /// Reports every dependency cycle once, named from the service that comes first in the catalogue:
    /// `services form a dependency cycle: kim → directory → auth → kim`.
    ///
    /// Optional dependencies count: impact and restoration order both need the whole graph to be acyclic. Self
    /// dependencies, unknown services and repeated ids are reported elsewhere and left out here.
    mutating func checkCycles(servicePaths: [String]) {
        let services = catalogue.services
        var index: [String: Int] = [:]
        for (position, service) in services.enumerated() where index[service.id] == nil {
            index[service.id] = position
        }
        // Edges as (target, position in depends_on), from the first service with each id only.
        let edges: [[(target: Int, item: Int)]] = services.enumerated().map { position, service in
            guard index[service.id] == position else { return [] }
            return service.dependsOn.enumerated().compactMap { item, dependency in
                guard let target = index[dependency.service], target != position else { return nil }
                return (target, item)
            }
        }
        let remaining = Self.nodesOnOrBeforeCycles(edges)
        var explained = Set<Int>()
        for start in remaining.sorted() where !explained.contains(start) {
            guard let cycle = Self.shortestCycle(from: start, edges: edges, within: remaining) else { continue }
            explained.formUnion(cycle.map(\.node))
            let names = (cycle.map(\.node) + [start]).map { services[$0].id }
            report(
                .error, "T838", "\(servicePaths[start]).depends_on[\(cycle[0].item)]",
                "services form a dependency cycle: \(names.joined(separator: " → "))",
                hint: "a service cannot need itself, even through others; remove one of these dependencies")
        }
    }

    /// The nodes Kahn's algorithm cannot order: those on a cycle and those that depend on one.
    static func nodesOnOrBeforeCycles(_ edges: [[(target: Int, item: Int)]]) -> Set<Int> {
        var outstanding = edges.map(\.count)
        var dependents = [[Int]](repeating: [], count: edges.count)
        for (node, list) in edges.enumerated() {
            for edge in list { dependents[edge.target].append(node) }
        }
        var ready = outstanding.indices.filter { outstanding[$0] == 0 }
        var ordered = Set<Int>()
        while let node = ready.popLast() {
            ordered.insert(node)
            for dependent in dependents[node] {
                outstanding[dependent] -= 1
                if outstanding[dependent] == 0 { ready.append(dependent) }
            }
        }
        return Set(edges.indices).subtracting(ordered)
    }

    /// The shortest way from `start` back to itself, as the nodes left in order with the `depends_on` item each
    /// leaves by; nil when `start` only leads into a cycle.
    static func shortestCycle(
        from start: Int, edges: [[(target: Int, item: Int)]], within nodes: Set<Int>
    ) -> [(node: Int, item: Int)]? {
        var cameFrom: [Int: (node: Int, item: Int)] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in edges[node] where nodes.contains(edge.target) {
                if edge.target == start {
                    var path = [(node: node, item: edge.item)]
                    var current = node
                    while current != start, let previous = cameFrom[current] {
                        path.append(previous)
                        current = previous.node
                    }
                    return path.reversed()
                }
                guard cameFrom[edge.target] == nil else { continue }
                cameFrom[edge.target] = (node, edge.item)
                queue.append(edge.target)
            }
        }
        return nil
    }
}
