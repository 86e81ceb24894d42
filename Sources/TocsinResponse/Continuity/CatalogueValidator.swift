import TocsinCore

/// Collects the diagnostics of one catalogue.
struct CatalogueValidator {
    let catalogue: ServiceCatalogue
    var diagnostics: [CatalogueDiagnostic] = []

    init(catalogue: ServiceCatalogue) {
        self.catalogue = catalogue
    }

    mutating func run() {
        _ = checkIDs(catalogue.dataCentres.map { ($0.id, $0.name) }, list: "data_centres", kind: "data centre")
        let systemPaths = checkIDs(catalogue.systems.map { ($0.id, $0.name) }, list: "systems", kind: "system")
        let customerPaths = checkIDs(
            catalogue.customers.map { ($0.id, $0.name) }, list: "customers", kind: "customer group")
        let servicePaths = checkIDs(catalogue.services.map { ($0.id, $0.name) }, list: "services", kind: "service")
        let centres = catalogue.dataCentres.map(\.id)
        for (system, path) in zip(catalogue.systems, systemPaths) where !centres.contains(system.dataCentre) {
            unknown("data centre", system.dataCentre, among: centres, at: path + ".data_centre")
        }
        for (group, path) in zip(catalogue.customers, customerPaths) {
            if let count = group.count, count < 0 {
                report(.error, "T841", path + ".count", "customer group '\(group.id)' has a negative count (\(count))")
            }
        }
        for (service, path) in zip(catalogue.services, servicePaths) { check(service, at: path) }
        checkCycles(servicePaths: servicePaths)
    }

    mutating func report(
        _ severity: Diagnostic.Severity, _ code: String, _ path: String, _ message: String, hint: String? = nil
    ) {
        diagnostics.append(CatalogueDiagnostic(severity, code: code, at: path, message, hint: hint))
    }

    /// Checks that ids are present and unique and names are not empty; returns each item's path.
    mutating func checkIDs(_ items: [(id: String, name: LocalizedText)], list: String, kind: String) -> [String] {
        var seen: Set<String> = []
        var paths: [String] = []
        for (index, item) in items.enumerated() {
            let path = CatalogueDiagnostic.itemPath(list, id: item.id, index: index, seen: seen)
            paths.append(path)
            if item.id.isEmpty {
                report(.error, "T831", path, "\(kind) has no id")
            } else if seen.contains(item.id) {
                report(
                    .error, "T832", path, "duplicate \(kind) id '\(item.id)'", hint: "ids must be unique; rename one")
            }
            if item.name.de.isEmpty {
                report(.error, "T842", path + ".name", "\(kind) '\(item.id)' has no German name")
            }
            seen.insert(item.id)
        }
        return paths
    }

    /// Reports a reference to an id that does not exist, with the closest existing id as a hint.
    mutating func unknown(_ kind: String, _ id: String, among candidates: [String], at path: String) {
        let code =
            switch kind {
            case "data centre": "T833"
            case "system": "T834"
            case "service": "T835"
            default: "T836"
            }
        let message = id.isEmpty ? "empty \(kind) id" : "unknown \(kind) '\(id)'"
        report(.error, code, path, message, hint: Self.suggestion(for: id, among: candidates))
    }

    /// `did you mean 'x'?` for the closest of `candidates` within two edits, nil when none is close.
    static func suggestion(for id: String, among candidates: [String]) -> String? {
        guard !id.isEmpty else { return nil }
        let scored = candidates.map { (id: $0, distance: editDistance(id.lowercased(), $0.lowercased())) }
        guard let best = scored.filter({ $0.distance <= 2 }).min(by: { $0.distance < $1.distance }) else {
            return nil
        }
        return "did you mean '\(best.id)'?"
    }
}
