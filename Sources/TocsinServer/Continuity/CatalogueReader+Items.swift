import TocsinCore
import TocsinResponse
import Yams

extension CatalogueReader {
    mutating func dataCentre(_ node: Node, _ path: String) throws(CatalogueReadError) -> DataCentre {
        let fields = try mapping(node, path, known: ["id", "name"])
        return DataCentre(id: try string(fields["id"] ?? node, path + ".id"), name: try name(fields, path, node))
    }

    mutating func system(_ node: Node, _ path: String) throws(CatalogueReadError) -> CatalogueSystem {
        let fields = try mapping(node, path, known: ["id", "name", "data_centre", "kind", "description"])
        guard let centre = field(fields, "data_centre", path) else {
            throw fail(node, "\(path) needs a data_centre")
        }
        return CatalogueSystem(
            id: try string(fields["id"] ?? node, path + ".id"), name: try name(fields, path, node),
            dataCentre: try string(centre, path + ".data_centre"),
            kind: try field(fields, "kind", path).map { value throws(CatalogueReadError) in
                try string(value, path + ".kind")
            },
            description: try optionalText(fields, "description", path))
    }

    mutating func customerGroup(_ node: Node, _ path: String) throws(CatalogueReadError) -> CustomerGroup {
        let fields = try mapping(node, path, known: ["id", "name", "count"])
        return CustomerGroup(
            id: try string(fields["id"] ?? node, path + ".id"), name: try name(fields, path, node),
            count: try field(fields, "count", path).map { value throws(CatalogueReadError) in
                try integer(value, path + ".count")
            })
    }

    mutating func service(_ node: Node, _ path: String) throws(CatalogueReadError) -> CatalogueService {
        let known = [
            "id", "name", "group", "description", "customers", "runs_on", "redundant", "depends_on", "priority",
            "fallback",
        ]
        let fields = try mapping(node, path, known: known)
        var service = CatalogueService(
            id: try string(fields["id"] ?? node, path + ".id"), name: try name(fields, path, node))
        service.group = try optionalText(fields, "group", path)
        service.description = try optionalText(fields, "description", path)
        service.fallback = try optionalText(fields, "fallback", path)
        if let value = field(fields, "customers", path) { service.customers = try ids(value, path + ".customers") }
        if let value = field(fields, "runs_on", path) { service.runsOn = try ids(value, path + ".runs_on") }
        if let value = field(fields, "redundant", path) { service.redundant = try boolean(value, path + ".redundant") }
        if let value = field(fields, "priority", path) { service.priority = try integer(value, path + ".priority") }
        if let value = field(fields, "depends_on", path) { service.dependsOn = try dependencies(value, path) }
        return service
    }

    /// `depends_on: [auth, {service: kim, kind: optional}]`: a plain id is a required dependency.
    mutating func dependencies(_ node: Node, _ path: String) throws(CatalogueReadError) -> [ServiceDependency] {
        guard let sequence = node.sequence else { throw fail(node, "\(path).depends_on must be a list") }
        var result: [ServiceDependency] = []
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(path).depends_on[\(index)]"
            remember(itemPath, item)
            if let id = item.scalar?.string {
                result.append(ServiceDependency(service: id))
                continue
            }
            let fields = try mapping(item, itemPath, known: ["service", "kind"])
            let id = try string(fields["service"] ?? item, itemPath + ".service")
            var kind = ServiceDependency.Kind.required
            if let kindNode = fields["kind"] {
                let raw = try string(kindNode, itemPath + ".kind")
                guard let parsed = ServiceDependency.Kind(rawValue: raw) else {
                    throw fail(kindNode, "\(itemPath).kind must be required or optional, not '\(raw)'")
                }
                kind = parsed
            }
            result.append(ServiceDependency(service: id, kind: kind))
        }
        return result
    }

    mutating func name(
        _ fields: [String: Node], _ path: String, _ node: Node
    ) throws(CatalogueReadError) -> LocalizedText {
        guard let value = field(fields, "name", path) else { throw fail(node, "\(path) needs a name") }
        return try text(value, path + ".name")
    }

    mutating func optionalText(
        _ fields: [String: Node], _ key: String, _ path: String
    ) throws(CatalogueReadError) -> LocalizedText? {
        guard let value = field(fields, key, path) else { return nil }
        return try text(value, "\(path).\(key)")
    }
}
