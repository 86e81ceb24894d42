import Testing

@testable import TocsinResponse

@Suite struct ContainmentImpactTests {
    /// One row: the targets, then each affected service's effect and causes as `kind:id`.
    struct Row: Sendable, CustomTestStringConvertible {
        var targets: Set<ContainmentTarget>
        var expected: [String: (ServiceEffect, [String])]
        var testDescription: String { targets.sorted().map { "\($0.kind):\($0.id)" }.joined(separator: ",") }
    }

    static let rows: [Row] = [
        Row(
            targets: [.system("ad-n")],
            expected: [
                "auth": (.degraded, ["system_offline:ad-n"]), "eau": (.degraded, ["dependency:auth"]),
                "kim": (.degraded, ["dependency:auth"]), "stats": (.degraded, ["dependency:eau"]),
            ]),
        Row(
            targets: [.dataCentre("nord")],
            expected: [
                "auth": (.degraded, ["system_offline:ad-n"]), "eau": (.down, ["system_offline:eau-gw"]),
                "kim": (.degraded, ["system_offline:kim-1", "dependency:auth"]),
                "stats": (.degraded, ["dependency:eau"]),
            ]),
        Row(
            targets: [.service("auth")],
            expected: [
                "auth": (.down, ["switched_off:auth"]), "eau": (.down, ["dependency:auth"]),
                "kim": (.down, ["dependency:auth"]), "stats": (.degraded, ["dependency:eau"]),
            ]),
        Row(targets: [.system("db")], expected: ["stats": (.down, ["system_offline:db"])]),
        Row(
            targets: [.system("ad-n"), .system("ad-s"), .system("kim-1")],
            expected: [
                "auth": (.down, ["system_offline:ad-n", "system_offline:ad-s"]), "eau": (.down, ["dependency:auth"]),
                "kim": (.down, ["dependency:auth"]), "stats": (.degraded, ["dependency:eau"]),
            ]),
        Row(
            targets: [.system("kim-1"), .system("kim-2"), .service("stats")],
            expected: [
                "kim": (.down, ["system_offline:kim-1", "system_offline:kim-2"]),
                "stats": (.down, ["switched_off:stats"]),
            ]),
        Row(targets: [], expected: [:]),
    ]

    @Test(arguments: rows) func effectsAndCauses(_ row: Row) throws {
        let impact = try smallGraph().impact(of: row.targets)
        let actual = Dictionary(uniqueKeysWithValues: impact.services.map { ($0.id, $0) })
        #expect(Set(actual.keys) == Set(row.expected.keys))
        for (id, (effect, causes)) in row.expected {
            #expect(actual[id]?.effect == effect, "\(id)")
            #expect(actual[id]?.causes.map { "\($0.kind.rawValue):\($0.id)" } == causes, "\(id)")
        }
    }

    @Test func aDataCentreTakesItsSystemsAndTouchesCustomers() throws {
        let impact = try smallGraph().impact(of: [.dataCentre("nord"), .system("eau-gw"), .system("nope")])
        #expect(impact.offlineSystems.map(\.id) == ["ad-n", "kim-1", "eau-gw"])
        #expect(impact.offlineSystems[2].because == [.dataCentre("nord"), .system("eau-gw")])
        #expect(impact.unknownTargets == [.system("nope")])
        #expect(impact.customers.map(\.id) == ["kassen", "praxen"])
        #expect(impact.customers.map(\.effect) == [.down, .down])
        #expect(impact.customers[1].services == ["eau", "kim"])
        #expect(impact.customerCount == 40_060)
        #expect(impact.services(.down) == ["eau"])
        #expect(impact.effect(on: "kim") == .degraded)
        #expect(impact.effect(on: "nothing") == nil)
        let cause = impact.services.first { $0.id == "stats" }?.causes.first
        #expect(cause == .dependency("eau", .optional, .down))
    }
}
