import TocsinCore

extension CatalogueValidator {
    /// Checks one service's references: customer groups, systems and dependencies.
    mutating func check(_ service: CatalogueService, at path: String) {
        let groups = catalogue.customers.map(\.id)
        let systems = catalogue.systems.map(\.id)
        let services = catalogue.services.map(\.id)
        checkReferences(service.customers, at: path + ".customers", kind: "customer group", among: groups)
        checkReferences(service.runsOn, at: path + ".runs_on", kind: "system", among: systems)
        if service.runsOn.isEmpty {
            report(
                .warning, "T839", path + ".runs_on", "service '\(service.id)' runs on no system",
                hint: "only a dependency or switching the service off affects it; list the systems it needs")
        }
        var seen: Set<String> = []
        for (index, dependency) in service.dependsOn.enumerated() {
            let itemPath = "\(path).depends_on[\(index)]"
            if !service.id.isEmpty, dependency.service == service.id {
                report(
                    .error, "T837", itemPath, "service '\(service.id)' depends on itself",
                    hint: "remove the dependency")
            } else if !services.contains(dependency.service) {
                unknown("service", dependency.service, among: services, at: itemPath)
            } else if seen.contains(dependency.service) {
                report(.warning, "T840", itemPath, "service '\(dependency.service)' is listed twice")
            }
            seen.insert(dependency.service)
        }
    }

    /// Checks a list of ids: each must exist, and should appear once.
    mutating func checkReferences(_ ids: [String], at path: String, kind: String, among candidates: [String]) {
        var seen: Set<String> = []
        for (index, id) in ids.enumerated() {
            let itemPath = "\(path)[\(index)]"
            if !candidates.contains(id) {
                unknown(kind, id, among: candidates, at: itemPath)
            } else if seen.contains(id) {
                report(.warning, "T840", itemPath, "\(kind) '\(id)' is listed twice")
            }
            seen.insert(id)
        }
    }
}
