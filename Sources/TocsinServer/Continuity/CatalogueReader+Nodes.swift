import TocsinCore
import TocsinResponse
import Yams

extension CatalogueReader {
    func fail(_ node: Node?, _ message: String, code: String = "T847", hint: String? = nil) -> CatalogueReadError {
        CatalogueReadError(
            message, file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, code: code, hint: hint)
    }

    /// The keys and values of a mapping; a key not in `known` is an error naming it.
    func mapping(_ node: Node, _ path: String, known: [String]) throws(CatalogueReadError) -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, "\(path) must be a mapping") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(keyNode, "\(path) has a key that is not text") }
            guard known.contains(key) else {
                let close = known.filter { editDistance($0, key) <= 2 }.first
                throw fail(
                    keyNode, "unknown key '\(key)' in \(path)", code: "T844",
                    hint: close.map { "did you mean '\($0)'?" } ?? "known keys: \(known.joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }

    func string(_ node: Node?, _ path: String) throws(CatalogueReadError) -> String {
        guard let node, let text = node.scalar?.string else { throw fail(node, "\(path) must be text") }
        return text
    }

    func integer(_ node: Node, _ path: String) throws(CatalogueReadError) -> Int {
        guard let value = node.int else { throw fail(node, "\(path) must be a whole number") }
        return value
    }

    func boolean(_ node: Node, _ path: String) throws(CatalogueReadError) -> Bool {
        guard let value = node.bool else { throw fail(node, "\(path) must be true or false") }
        return value
    }

    /// `name: Text` for both languages, or `name: {de: …, en: …}`.
    func text(_ node: Node, _ path: String) throws(CatalogueReadError) -> LocalizedText {
        if let scalar = node.scalar { return LocalizedText(scalar.string) }
        let fields = try mapping(node, path, known: ["de", "en"])
        guard let german = fields["de"] else { throw fail(node, "\(path) needs a German text (de)") }
        let english = try fields["en"].map { node throws(CatalogueReadError) in try string(node, path + ".en") }
        return LocalizedText(de: try string(german, path + ".de"), en: english)
    }

    /// A list of ids, each remembered as `path[index]`.
    mutating func ids(_ node: Node, _ path: String) throws(CatalogueReadError) -> [String] {
        guard let sequence = node.sequence else { throw fail(node, "\(path) must be a list") }
        remember(path, node)
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            remember("\(path)[\(index)]", item)
            result.append(try string(item, "\(path)[\(index)]"))
        }
        return result
    }

    /// The items of a top-level list, each a mapping remembered under its diagnostic path.
    mutating func items<Item>(
        _ node: Node?, _ list: String,
        _ make: (inout CatalogueReader, Node, String) throws(CatalogueReadError) -> Item
    ) throws(CatalogueReadError) -> [Item] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw fail(node, "\(list) must be a list") }
        var seen: Set<String> = []
        var result: [Item] = []
        for (index, item) in sequence.enumerated() {
            let id = item.mapping?["id"]?.string ?? ""
            let path = CatalogueDiagnostic.itemPath(list, id: id, index: index, seen: seen)
            seen.insert(id)
            remember(path, item)
            result.append(try make(&self, item, path))
        }
        return result
    }

    /// Remembers a field's location and returns its node.
    mutating func field(_ fields: [String: Node], _ key: String, _ path: String) -> Node? {
        guard let node = fields[key] else { return nil }
        remember("\(path).\(key)", node)
        return node
    }
}
