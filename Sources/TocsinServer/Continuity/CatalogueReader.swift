import TocsinCore
import TocsinResponse
import Yams

/// Reads a service catalogue from YAML, remembering where each item stands so validation problems point at lines.
///
/// Keys are snake_case; an unknown key is an error naming it and its line. `read(_:)` parses and validates and
/// returns the graph with its warnings located; `parse(_:)` only parses.
public struct CatalogueReader: Sendable {
    /// A graph read from a file, and the warnings validation found, located in the file.
    public struct Loaded: Sendable {
        /// The validated graph.
        public var graph: ServiceGraph
        /// Validation warnings, as `file:line:column: warning: message [code]`.
        public var warnings: [Diagnostic]
    }

    /// The file name the messages give.
    public let file: String
    /// Where each diagnostic path was read: `services[eau].depends_on[1]` → line and column.
    private(set) var locations: [String: (line: Int, column: Int)] = [:]

    /// Creates a reader for text from `file` (only used in messages).
    public init(file: String) {
        self.file = file
    }

    /// Parses and validates; throws the located problems when there is an error.
    public mutating func read(_ text: String) throws(CatalogueReadError) -> Loaded {
        let catalogue = try parse(text)
        let diagnostics = catalogue.validate()
        let located = diagnostics.map { $0.diagnostic(at: location(of: $0.path)) }
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            throw CatalogueReadError(diagnostics: located, file: file)
        }
        do {
            return Loaded(graph: try ServiceGraph(catalogue), warnings: located)
        } catch {
            throw CatalogueReadError(diagnostics: located, file: file)
        }
    }

    /// Parses the YAML into a catalogue without validating it.
    public mutating func parse(_ text: String) throws(CatalogueReadError) -> ServiceCatalogue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw CatalogueReadError("cannot read YAML: \(error)", file: file, line: 0, column: 0, code: "T843")
        }
        guard let root else { return ServiceCatalogue() }
        let top = try mapping(root, "catalogue", known: ["data_centres", "systems", "customers", "services"])
        var catalogue = ServiceCatalogue()
        catalogue.dataCentres = try items(top["data_centres"], "data_centres") {
            (reader, node, path) throws(CatalogueReadError) in
            try reader.dataCentre(node, path)
        }
        catalogue.systems = try items(top["systems"], "systems") { (reader, node, path) throws(CatalogueReadError) in
            try reader.system(node, path)
        }
        catalogue.customers = try items(top["customers"], "customers") {
            (reader, node, path) throws(CatalogueReadError) in
            try reader.customerGroup(node, path)
        }
        catalogue.services = try items(top["services"], "services") { (reader, node, path) throws(CatalogueReadError) in
            try reader.service(node, path)
        }
        return catalogue
    }

    /// The location of a path, or of the nearest enclosing path read.
    func location(of path: String) -> SourceLocation {
        var current = Substring(path)
        while !current.isEmpty {
            if let found = locations[String(current)] {
                return SourceLocation(file: file, line: found.line, column: found.column)
            }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = current[..<cut]
        }
        return SourceLocation(file: file)
    }

    mutating func remember(_ path: String, _ node: Node) {
        guard locations[path] == nil, let mark = node.mark else { return }
        locations[path] = (mark.line, mark.column)
    }

    private func syntaxError(_ error: YamlError) -> CatalogueReadError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return CatalogueReadError(
                "invalid YAML: \(problem)", file: file, line: mark.line, column: mark.column, code: "T843")
        default:
            return CatalogueReadError("invalid YAML: \(error)", file: file, line: 0, column: 0, code: "T843")
        }
    }
}
