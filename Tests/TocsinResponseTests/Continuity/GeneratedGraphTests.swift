import TocsinCore
import Testing

@testable import TocsinResponse

/// A random valid catalogue: 3 data centres, 50 systems, `count` services whose dependencies point to services
/// made earlier (so there is no cycle), listed in shuffled order so catalogue order is not topological.
func generatedCatalogue(seed: UInt64, count: Int) -> ServiceCatalogue {
    var random = SplitMix64(state: seed)
    let centres = (0..<3).map { DataCentre(id: "dc\($0)", name: LocalizedText("DC \($0)")) }
    let systems = (0..<50).map {
        CatalogueSystem(id: "sys\($0)", name: LocalizedText("System \($0)"), dataCentre: "dc\($0 % 3)")
    }
    let groups = (0..<4).map { CustomerGroup(id: "g\($0)", name: LocalizedText("Group \($0)"), count: $0 * 100) }
    var services: [CatalogueService] = []
    for index in 0..<count {
        let systemCount = Int.random(in: 0...3, using: &random)
        let runsOn = Array(Set((0..<systemCount).map { _ in "sys\(Int.random(in: 0..<50, using: &random))" }))
        var dependsOn: [ServiceDependency] = []
        if index > 0 {
            var targets = Set<Int>()
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                targets.insert(Int.random(in: 0..<index, using: &random))
            }
            dependsOn = targets.sorted().map {
                ServiceDependency(service: "s\($0)", kind: Bool.random(using: &random) ? .required : .optional)
            }
        }
        services.append(
            CatalogueService(
                id: "s\(index)", name: LocalizedText("Service \(index)"),
                customers: ["g\(Int.random(in: 0..<4, using: &random))"], runsOn: runsOn.sorted(),
                redundant: Bool.random(using: &random), dependsOn: dependsOn,
                priority: Int.random(in: 1...5, using: &random) * 10))
    }
    services.shuffle(using: &random)
    return ServiceCatalogue(dataCentres: centres, systems: systems, customers: groups, services: services)
}

/// The impact the plain way: apply the rules to every service until nothing changes.
func referenceImpact(
    _ catalogue: ServiceCatalogue, _ targets: Set<ContainmentTarget>
) -> [String: (ServiceEffect, [ImpactCause])] {
    let offline = Set(
        catalogue.systems.filter { targets.contains(.system($0.id)) || targets.contains(.dataCentre($0.dataCentre)) }
            .map(\.id))
    var effects: [String: (ServiceEffect, [ImpactCause])] = [:]
    var changed = true
    while changed {
        changed = false
        for service in catalogue.services {
            var down: [ImpactCause] = []
            var degraded: [ImpactCause] = []
            if targets.contains(.service(service.id)) { down.append(.switchedOff(service.id)) }
            let lost = service.runsOn.filter(offline.contains)
            if !lost.isEmpty {
                let all = lost.count == service.runsOn.count
                let causes = lost.map(ImpactCause.systemOffline)
                if !service.redundant || all { down += causes } else { degraded += causes }
            }
            for dependency in service.dependsOn {
                guard let effect = effects[dependency.service]?.0 else { continue }
                let cause = ImpactCause.dependency(dependency.service, dependency.kind, effect)
                if dependency.kind == .required && effect == .down {
                    down.append(cause)
                } else {
                    degraded.append(cause)
                }
            }
            let next: (ServiceEffect, [ImpactCause])? =
                down.isEmpty ? (degraded.isEmpty ? nil : (.degraded, degraded)) : (.down, down)
            if next?.0 != effects[service.id]?.0 || next?.1 != effects[service.id]?.1 {
                effects[service.id] = next
                changed = true
            }
        }
    }
    return effects
}

@Suite struct GeneratedGraphTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2026, 0xDEAD_BEEF]

    @Test(arguments: seeds) func impactMatchesTheFixedPoint(seed: UInt64) throws {
        let catalogue = generatedCatalogue(seed: seed, count: 400)
        let graph = try ServiceGraph(catalogue)
        var random = SplitMix64(state: seed ^ 0x5555)
        for round in 0..<20 {
            var targets = Set<ContainmentTarget>()
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                targets.insert(.system("sys\(Int.random(in: 0..<50, using: &random))"))
            }
            if round % 3 == 0 { targets.insert(.dataCentre("dc\(Int.random(in: 0..<3, using: &random))")) }
            if round % 4 == 0 { targets.insert(.service("s\(Int.random(in: 0..<400, using: &random))")) }
            let fast = graph.impact(of: targets)
            let slow = referenceImpact(catalogue, targets)
            #expect(fast.services.count == slow.count)
            for entry in fast.services {
                #expect(slow[entry.id]?.0 == entry.effect, "seed \(seed) round \(round) service \(entry.id)")
                #expect(slow[entry.id]?.1 == entry.causes, "seed \(seed) round \(round) service \(entry.id)")
            }
            checkPlan(graph.restorationPlan(for: fast), catalogue, fast)
        }
    }

    /// Every step after what it needs, the waves the longest paths, the set exactly the impact's.
    func checkPlan(_ plan: RestorationPlan, _ catalogue: ServiceCatalogue, _ impact: ContainmentImpact) {
        #expect(Set(plan.services) == Set(impact.services.map(\.id)))
        #expect(Set(plan.systems) == Set(impact.offlineSystems.map(\.id)))
        #expect(plan.steps.count == plan.services.count + plan.systems.count)
        let services = Dictionary(uniqueKeysWithValues: catalogue.services.map { ($0.id, $0) })
        let systems = Set(plan.systems)
        let planned = Set(plan.services)
        var position: [String: Int] = [:]
        for (index, step) in plan.steps.enumerated() { position["\(step.kind.rawValue):\(step.id)"] = index }
        func before(_ step: RestorationStep) -> [String] {
            guard step.kind == .service, let service = services[step.id] else { return [] }
            return service.runsOn.filter(systems.contains).map { "system:\($0)" }
                + service.dependsOn.map(\.service).filter(planned.contains).map { "service:\($0)" }
        }
        var longest: [String: Int] = [:]
        func naiveWave(_ key: String) -> Int {
            if let known = longest[key] { return known }
            guard key.hasPrefix("service:"), let index = position[key] else { return 0 }
            let value = before(plan.steps[index]).map { naiveWave($0) + 1 }.max() ?? 0
            longest[key] = value
            return value
        }
        for (index, step) in plan.steps.enumerated() {
            let key = "\(step.kind.rawValue):\(step.id)"
            for predecessor in before(step) {
                #expect((position[predecessor] ?? Int.max) < index, "\(predecessor) before \(key)")
            }
            #expect(step.wave == naiveWave(key), "\(key)")
        }
    }
}
