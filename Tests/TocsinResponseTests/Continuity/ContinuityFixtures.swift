import Foundation
import TocsinCore

@testable import TocsinResponse

/// Two data centres, an identity service, eAU, KIM and statistics.
///
/// `auth` runs redundantly on `ad-n` and `ad-s`; `eau` needs `eau-gw` and `auth`; `kim` runs redundantly on
/// `kim-1` and `kim-2` and needs `auth`; `stats` needs `db` and uses `eau` optionally.
func smallCatalogue() -> ServiceCatalogue {
    ServiceCatalogue(
        dataCentres: [
            DataCentre(id: "nord", name: LocalizedText(de: "Rechenzentrum Nord", en: "Data centre North")),
            DataCentre(id: "sued", name: LocalizedText(de: "Rechenzentrum Süd", en: "Data centre South")),
        ],
        systems: [
            CatalogueSystem(id: "ad-n", name: LocalizedText("AD Nord"), dataCentre: "nord"),
            CatalogueSystem(id: "ad-s", name: LocalizedText("AD Süd"), dataCentre: "sued"),
            CatalogueSystem(id: "kim-1", name: LocalizedText("KIM 1"), dataCentre: "nord"),
            CatalogueSystem(id: "kim-2", name: LocalizedText("KIM 2"), dataCentre: "sued"),
            CatalogueSystem(id: "eau-gw", name: LocalizedText("eAU-Gateway"), dataCentre: "nord"),
            CatalogueSystem(id: "db", name: LocalizedText("Statistik-DB"), dataCentre: "sued"),
        ],
        customers: [
            CustomerGroup(id: "kassen", name: LocalizedText(de: "Krankenkassen", en: "Health insurers"), count: 60),
            CustomerGroup(id: "praxen", name: LocalizedText(de: "Arztpraxen", en: "Practices"), count: 40_000),
        ],
        services: [
            CatalogueService(
                id: "auth", name: LocalizedText("Anmeldung"), runsOn: ["ad-n", "ad-s"], redundant: true, priority: 10),
            CatalogueService(
                id: "eau", name: LocalizedText("eAU"), customers: ["praxen", "kassen"], runsOn: ["eau-gw"],
                dependsOn: [ServiceDependency(service: "auth")], priority: 20,
                fallback: LocalizedText(de: "Papier-AU", en: "Paper sick note")),
            CatalogueService(
                id: "kim", name: LocalizedText("KIM"), customers: ["praxen"], runsOn: ["kim-1", "kim-2"],
                redundant: true, dependsOn: [ServiceDependency(service: "auth")]),
            CatalogueService(
                id: "stats", name: LocalizedText("Statistik"), customers: ["kassen"], runsOn: ["db"],
                dependsOn: [ServiceDependency(service: "eau", kind: .optional)], priority: 200),
        ])
}

/// The graph of `smallCatalogue()`; the fixture is valid.
func smallGraph() throws -> ServiceGraph { try ServiceGraph(smallCatalogue()) }

/// A service with only an id and a name, for validation tests.
func service(_ id: String, runsOn: [String] = ["ad-n"], dependsOn: [String] = []) -> CatalogueService {
    CatalogueService(
        id: id, name: LocalizedText(id), runsOn: runsOn, dependsOn: dependsOn.map { ServiceDependency(service: $0) })
}

/// The continuity tests' manual clock: minutes past a fixed start.
let continuityEpoch = Date(timeIntervalSince1970: 1_795_161_600)

/// A time `value` minutes after the epoch.
func at(_ value: Double) -> Date { continuityEpoch.addingTimeInterval(value * 60) }
