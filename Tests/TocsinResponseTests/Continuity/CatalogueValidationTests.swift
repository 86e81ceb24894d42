import TocsinCore
import Testing

@testable import TocsinResponse

@Suite struct CatalogueValidationTests {
    /// The catalogue with its services replaced, and its diagnostics as text.
    func diagnostics(_ change: (inout ServiceCatalogue) -> Void) -> [String] {
        var catalogue = smallCatalogue()
        change(&catalogue)
        return catalogue.validate().map(\.description)
    }

    @Test func theFixtureIsValid() throws {
        #expect(smallCatalogue().validate().isEmpty)
        let graph = try smallGraph()
        #expect(graph.warnings.isEmpty)
        #expect(graph.dependents(of: "auth").map(\.service) == ["eau", "kim"])
    }

    @Test func emptyAndDuplicateIds() {
        let text = diagnostics {
            $0.services.append(service(""))
            $0.services.append(service("eau"))
            $0.dataCentres.append(DataCentre(id: "nord", name: LocalizedText("")))
        }
        #expect(
            text == [
                "data_centres[2]: error: duplicate data centre id 'nord' [T832]\n"
                    + "  hint: ids must be unique; rename one",
                "data_centres[2].name: error: data centre 'nord' has no German name [T842]",
                "services[4]: error: service has no id [T831]",
                "services[4].name: error: service '' has no German name [T842]",
                "services[5]: error: duplicate service id 'eau' [T832]\n  hint: ids must be unique; rename one",
            ])
    }

    @Test func unknownReferencesSuggestTheClosestId() {
        let text = diagnostics {
            $0.systems[0].dataCentre = "nort"
            $0.services[1].runsOn = ["eau-gx"]
            $0.services[1].customers = ["praxen", "aerzte"]
            $0.services[2].dependsOn = [ServiceDependency(service: "auht")]
        }
        #expect(
            text == [
                "systems[ad-n].data_centre: error: unknown data centre 'nort' [T833]\n  hint: did you mean 'nord'?",
                "services[eau].customers[1]: error: unknown customer group 'aerzte' [T836]",
                "services[eau].runs_on[0]: error: unknown system 'eau-gx' [T834]\n  hint: did you mean 'eau-gw'?",
                "services[kim].depends_on[0]: error: unknown service 'auht' [T835]\n  hint: did you mean 'auth'?",
            ])
    }

    @Test func selfDependencyRepeatsAndNegativeCounts() {
        let text = diagnostics {
            $0.services[0].dependsOn = [ServiceDependency(service: "auth")]
            $0.services[1].dependsOn.append(ServiceDependency(service: "auth", kind: .optional))
            $0.services[3].runsOn = []
            $0.customers[0].count = -1
        }
        #expect(
            text == [
                "customers[kassen].count: error: customer group 'kassen' has a negative count (-1) [T841]",
                "services[auth].depends_on[0]: error: service 'auth' depends on itself [T837]\n"
                    + "  hint: remove the dependency",
                "services[eau].depends_on[1]: warning: service 'auth' is listed twice [T840]",
                "services[stats].runs_on: warning: service 'stats' runs on no system [T839]\n"
                    + "  hint: only a dependency or switching the service off affects it; list the systems it needs",
            ])
    }

    @Test func aCycleIsNamedFromItsFirstService() {
        var catalogue = ServiceCatalogue(
            dataCentres: [DataCentre(id: "nord", name: LocalizedText("Nord"))],
            systems: [CatalogueSystem(id: "ad-n", name: LocalizedText("AD"), dataCentre: "nord")],
            services: [
                service("kim", dependsOn: ["mail", "directory"]), service("mail"),
                service("directory", dependsOn: ["auth"]),
                service("auth", dependsOn: ["kim"]), service("portal", dependsOn: ["auth"]),
            ])
        let messages = catalogue.validate().map(\.description)
        #expect(
            messages == [
                "services[kim].depends_on[1]: error: services form a dependency cycle: kim → directory → auth → kim "
                    + "[T838]\n  hint: a service cannot need itself, even through others; remove one of these "
                    + "dependencies"
            ])
        catalogue.services[1].dependsOn = [ServiceDependency(service: "portal", kind: .optional)]  // mail
        catalogue.services[4].dependsOn = [ServiceDependency(service: "mail")]
        #expect(
            catalogue.validate().map(\.message) == [
                "services form a dependency cycle: kim → directory → auth → kim",
                "services form a dependency cycle: mail → portal → mail",
            ])
        #expect(throws: ServiceCatalogueError.self) { try ServiceGraph(catalogue) }
    }

    @Test func theErrorSummarisesAndListsEveryDiagnostic() {
        var catalogue = smallCatalogue()
        catalogue.services[3].dependsOn = [ServiceDependency(service: "stats")]
        do {
            _ = try ServiceGraph(catalogue)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "T830")
            #expect(
                error.description == "the service catalogue has 1 error [T830]\n"
                    + "services[stats].depends_on[0]: error: service 'stats' depends on itself [T837]\n"
                    + "  hint: remove the dependency")
        }
    }
}
