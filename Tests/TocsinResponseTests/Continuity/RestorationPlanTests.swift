import Testing

@testable import TocsinResponse

@Suite struct RestorationPlanTests {
    @Test func systemsFirstThenServicesByInheritedPriority() throws {
        let graph = try smallGraph()
        let plan = graph.restorationPlan(for: graph.impact(of: [.dataCentre("nord")]))
        #expect(
            plan.steps.map { "\($0.kind.rawValue):\($0.id)@\($0.wave)" } == [
                "system:ad-n@0", "service:auth@1", "system:eau-gw@0", "service:eau@2", "system:kim-1@0",
                "service:kim@2", "service:stats@3",
            ])
        #expect(plan.step(forService: "eau")?.afterSystems == ["eau-gw"])
        #expect(plan.step(forService: "eau")?.afterServices == ["auth"])
        #expect(plan.step(forService: "stats")?.afterServices == ["eau"])
        #expect(plan.step(forService: "stats")?.priority == 200)
        #expect(plan.steps.first?.priority == 10)
        #expect(plan.waves.map { $0.map(\.id) } == [["ad-n", "eau-gw", "kim-1"], ["auth"], ["eau", "kim"], ["stats"]])
        #expect(plan.services == ["auth", "eau", "kim", "stats"])
    }

    @Test func dependenciesOutsideThePlanAreTakenToRun() throws {
        let plan = try smallGraph().restorationPlan(services: ["stats", "kim", "unknown"])
        #expect(plan.steps.map(\.id) == ["kim", "stats"])
        #expect(plan.steps.map(\.wave) == [0, 0])
        #expect(RestorationPlan().waves.isEmpty)
    }

    @Test func blockersAreTheRequiredDependenciesNotAvailable() throws {
        let graph = try smallGraph()
        #expect(graph.restorationBlockers(of: "eau", phases: ["auth": .restoring]) == ["auth"])
        #expect(graph.restorationBlockers(of: "eau", phases: ["auth": .emergencyOperation]).isEmpty)
        #expect(graph.mayStartRestoring("eau", phases: [:]))
        // An optional dependency never blocks.
        #expect(graph.mayStartRestoring("stats", phases: ["eau": .down]))
    }

    @Test func progressCountsPhasesAndNamesTheNextSteps() throws {
        let graph = try smallGraph()
        let plan = graph.restorationPlan(services: ["auth", "eau", "kim", "stats"])
        let start = graph.progress(of: plan, phases: [:])
        #expect(start.counts[.down] == 4)
        #expect(start.nextSteps == ["auth", "stats"])
        #expect(start.blocked == ["eau": ["auth"], "kim": ["auth"]])
        let later = graph.progress(
            of: plan, phases: ["auth": .regularOperation, "eau": .emergencyOperation, "kim": .restoring])
        #expect(later.counts == [.down: 1, .restoring: 1, .emergencyOperation: 1, .regularOperation: 1])
        #expect(later.percentRegular == 25)
        #expect(later.nextSteps == ["stats"])
        #expect(later.blocked.isEmpty)
    }
}
