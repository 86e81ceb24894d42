/// A validated service catalogue with its references resolved to indices, for impact and restoration questions.
///
/// Built only from a catalogue without errors, so every reference resolves and the dependencies form a DAG.
/// Services and systems are numbered in catalogue order; `order` lists the services so that each comes after
/// every service it depends on.
public struct ServiceGraph: Sendable {
    /// An edge from a service to a service it depends on, or to one depending on it.
    struct Edge: Sendable, Hashable {
        var service: Int
        var kind: ServiceDependency.Kind
    }

    /// The catalogue the graph was built from.
    public let catalogue: ServiceCatalogue
    /// The warnings validation found; the graph works, but someone should read them.
    public let warnings: [CatalogueDiagnostic]

    let serviceIndex: [String: Int]
    let systemIndex: [String: Int]
    let dataCentreIndex: [String: Int]
    let customerIndex: [String: Int]
    /// Per service, the systems it runs on (without repeats).
    let systemsOfService: [[Int]]
    /// Per system, the services running on it.
    let servicesOfSystem: [[Int]]
    /// Per data centre, its systems.
    let systemsOfDataCentre: [[Int]]
    /// Per service, the services it depends on, in catalogue order (without repeats).
    let dependencies: [[Edge]]
    /// Per service, the services that depend on it.
    let dependents: [[Edge]]
    /// Per service, the customer groups it serves (without repeats).
    let customersOfService: [[Int]]
    /// The services, dependencies first.
    let order: [Int]

    /// Validates the catalogue and throws every problem found when there is at least one error.
    public init(_ catalogue: ServiceCatalogue) throws(ServiceCatalogueError) {
        let diagnostics = catalogue.validate()
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            throw ServiceCatalogueError(diagnostics: diagnostics)
        }
        self.catalogue = catalogue
        warnings = diagnostics
        serviceIndex = Self.index(catalogue.services.map(\.id))
        systemIndex = Self.index(catalogue.systems.map(\.id))
        dataCentreIndex = Self.index(catalogue.dataCentres.map(\.id))
        customerIndex = Self.index(catalogue.customers.map(\.id))
        let systemIndex = systemIndex
        let serviceIndex = serviceIndex
        let customerIndex = customerIndex
        systemsOfService = catalogue.services.map { Self.unique($0.runsOn.compactMap { systemIndex[$0] }) }
        customersOfService = catalogue.services.map { Self.unique($0.customers.compactMap { customerIndex[$0] }) }
        var servicesOfSystem = [[Int]](repeating: [], count: catalogue.systems.count)
        for (service, systems) in systemsOfService.enumerated() {
            for system in systems { servicesOfSystem[system].append(service) }
        }
        self.servicesOfSystem = servicesOfSystem
        var systemsOfDataCentre = [[Int]](repeating: [], count: catalogue.dataCentres.count)
        for (system, entry) in catalogue.systems.enumerated() {
            if let centre = dataCentreIndex[entry.dataCentre] { systemsOfDataCentre[centre].append(system) }
        }
        self.systemsOfDataCentre = systemsOfDataCentre
        var dependencies = [[Edge]](repeating: [], count: catalogue.services.count)
        var dependents = [[Edge]](repeating: [], count: catalogue.services.count)
        for (service, entry) in catalogue.services.enumerated() {
            var seen = Set<Int>()
            for dependency in entry.dependsOn {
                guard let target = serviceIndex[dependency.service], seen.insert(target).inserted else { continue }
                dependencies[service].append(Edge(service: target, kind: dependency.kind))
                dependents[target].append(Edge(service: service, kind: dependency.kind))
            }
        }
        self.dependencies = dependencies
        self.dependents = dependents
        order = Self.topologicalOrder(dependencies: dependencies, dependents: dependents)
    }

    /// The service with this id.
    public func service(_ id: String) -> CatalogueService? {
        serviceIndex[id].map { catalogue.services[$0] }
    }

    /// The system with this id.
    public func system(_ id: String) -> CatalogueSystem? {
        systemIndex[id].map { catalogue.systems[$0] }
    }

    /// The ids of the services that `id` depends on directly, with the kind of each dependency.
    public func dependencies(of id: String) -> [ServiceDependency] {
        guard let service = serviceIndex[id] else { return [] }
        return dependencies[service].map {
            ServiceDependency(service: catalogue.services[$0.service].id, kind: $0.kind)
        }
    }

    /// The ids of the services that depend on `id` directly, with the kind of each dependency.
    public func dependents(of id: String) -> [ServiceDependency] {
        guard let service = serviceIndex[id] else { return [] }
        return dependents[service].map {
            ServiceDependency(service: catalogue.services[$0.service].id, kind: $0.kind)
        }
    }

    /// Positions by id; the first item wins (validation has rejected repeats).
    static func index(_ ids: [String]) -> [String: Int] {
        Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The values in their first order, without repeats.
    static func unique(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Kahn's algorithm in catalogue order: every service after its dependencies. Validation guarantees a DAG.
    static func topologicalOrder(dependencies: [[Edge]], dependents: [[Edge]]) -> [Int] {
        var outstanding = dependencies.map(\.count)
        var order = outstanding.indices.filter { outstanding[$0] == 0 }
        var head = 0
        while head < order.count {
            for edge in dependents[order[head]] {
                outstanding[edge.service] -= 1
                if outstanding[edge.service] == 0 { order.append(edge.service) }
            }
            head += 1
        }
        return order
    }
}
