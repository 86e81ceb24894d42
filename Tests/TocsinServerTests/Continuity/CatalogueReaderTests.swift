import Foundation
import TocsinCore
import TocsinResponse
import Testing

@testable import TocsinServer

@Suite struct CatalogueReaderTests {
    /// Reads `text` as `catalogue.yaml` and returns the error's error diagnostics as text.
    func errors(_ text: String) -> [String] {
        var reader = CatalogueReader(file: "catalogue.yaml")
        do {
            _ = try reader.read(text)
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    @Test func anUnknownKeyIsNamedWithItsLine() {
        let text = """
            services:
              - id: eau
                name: eAU
                runs_om: [gw]
            """
        #expect(
            errors(text) == [
                "catalogue.yaml:4:5: error: unknown key 'runs_om' in services[eau] [T844]\n"
                    + "  hint: did you mean 'runs_on'?"
            ])
    }

    @Test func anUnknownSystemPointsAtTheListItem() {
        let text = """
            data_centres:
              - {id: nord, name: Nord}
            systems:
              - {id: gw, name: Gateway, data_centre: nord}
            services:
              - id: eau
                name: eAU
                runs_on: [gw, gx]
            """
        #expect(errors(text) == ["catalogue.yaml:8:19: error: unknown system 'gx' [T834]\n  hint: did you mean 'gw'?"])
    }

    @Test func aCycleIsNamedAtItsFirstDependency() {
        let text = """
            services:
              - id: kim
                name: KIM
                depends_on: [directory]
              - id: directory
                name: {de: Verzeichnis, en: Directory}
                depends_on: [{service: auth, kind: required}]
              - id: auth
                name: Anmeldung
                depends_on: [kim]
            """
        var reader = CatalogueReader(file: "catalogue.yaml")
        #expect {
            _ = try reader.read(text)
        } throws: { error in
            guard let error = error as? CatalogueReadError else { return false }
            return error.line == 4 && error.column == 18 && error.code == "T838"
                && error.message == "services form a dependency cycle: kim → directory → auth → kim"
                && error.diagnostics.filter { $0.severity == .warning }.count == 3
        }
    }

    @Test func badValuesAndBadYAML() {
        #expect(
            errors("services:\n  - {id: a, name: A, redundant: maybe}")
                == ["catalogue.yaml:2:33: error: services[a].redundant must be true or false [T847]"])
        #expect(
            errors("services:\n  - {id: a, name: A, depends_on: [{service: b, kind: soft}]}")
                == ["catalogue.yaml:2:54: error: services[a].depends_on[0].kind must be required or optional, "
                    + "not 'soft' [T847]"])
        let syntax = errors("services: [").first ?? ""
        #expect(syntax.hasPrefix("catalogue.yaml:") && syntax.contains("invalid YAML") && syntax.contains("[T843]"))
    }

    static let sample = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/catalogue.yaml")

    @Test func theSampleIsValidAndDataCentreNorthTakesEAUDown() throws {
        let text = try String(contentsOf: Self.sample, encoding: .utf8)
        var reader = CatalogueReader(file: "samples/catalogue.yaml")
        let loaded = try reader.read(text)
        #expect(loaded.warnings.isEmpty)
        let graph = loaded.graph
        #expect(graph.catalogue.services.count == 15)
        #expect(graph.service("eau")?.fallback?.de.hasPrefix("eAU-Meldungen werden zwischengespeichert") == true)
        #expect(graph.service("eau")?.dependsOn == [
            ServiceDependency(service: "ti-zugang"), ServiceDependency(service: "anmeldung"),
        ])
        let impact = graph.impact(of: [.dataCentre("nord")])
        #expect(impact.effect(on: "eau") == .down)
        #expect(impact.effect(on: "kim") == .degraded)
        #expect(impact.effect(on: "epa") == .degraded)
        #expect(
            impact.services(.down) == [
                "eau", "kernsystem", "versichertenportal", "zahlungsverkehr", "statistik", "fernwartung",
            ])
        #expect(impact.customerCount == 2_540_060)
        let plan = graph.restorationPlan(for: impact)
        // The status page first (priority 1), then eAU and ePA with what they need.
        #expect(plan.services.prefix(5) == ["statusseite", "anmeldung", "ti-zugang", "eau", "epa"])
    }
}
