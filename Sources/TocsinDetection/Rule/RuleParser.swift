import Foundation
import TocsinCore
import Yams

/// Reads Sigma rule documents from YAML text; problems become diagnostics, never crashes.
public enum RuleParser {
    /// The outcome of reading one file: the rules it holds and what was wrong with the rest.
    public struct Result: Sendable {
        public var rules: [SigmaRule] = []
        public var diagnostics: [Diagnostic] = []
        /// Documents that looked like rules but were rejected.
        public var rejected: Int = 0

        /// Creates an empty result.
        public init() {}
    }

    /// Parses every YAML document in `text`; `path` is used in diagnostics.
    public static func parse(_ text: String, path: String) -> Result {
        var result = Result()
        let documents: [Node]
        do {
            documents = Array(try Yams.compose_all(yaml: text))
        } catch {
            result.diagnostics.append(
                Diagnostic(.error, code: "T100", "invalid YAML: \(yamlProblem(error))", at: yamlLocation(error, path)))
            result.rejected += 1
            return result
        }
        for document in documents {
            var reader = DocumentReader(path: path)
            if let rule = reader.readRule(document) {
                result.rules.append(rule)
            } else if reader.isRule {
                result.rejected += 1
            }
            result.diagnostics += reader.diagnostics
        }
        return result
    }

    private static func yamlProblem(_ error: Error) -> String {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
                .composer(let context, let problem, _, _):
                if let context { return "\(problem) \(context.text)" }
                return problem
            case .reader(let problem, _, _, _): return problem
            default: return "\(yaml)"
            }
        }
        return "\(error)"
    }

    private static func yamlLocation(_ error: Error, _ path: String) -> SourceLocation {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return SourceLocation(file: path, line: mark.line, column: mark.column)
            default: break
            }
        }
        return SourceLocation(file: path)
    }
}

/// Reads one YAML document into a rule, collecting diagnostics.
struct DocumentReader {
    let path: String
    var diagnostics: [Diagnostic] = []
    /// Whether the document claimed to be a detection rule (so a failure counts as a rejected rule).
    var isRule = false
    private var ruleID: String?

    init(path: String) {
        self.path = path
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: path) }
        return SourceLocation(file: path, line: mark.line, column: mark.column)
    }

    mutating func error(_ code: String, _ message: String, hint: String? = nil, at node: Node?) {
        diagnostics.append(Diagnostic(.error, code: code, message, hint: hint, at: location(node), ruleID: ruleID))
    }

    mutating func warning(_ code: String, _ message: String, hint: String? = nil, at node: Node?) {
        diagnostics.append(Diagnostic(.warning, code: code, message, hint: hint, at: location(node), ruleID: ruleID))
    }

    mutating func readRule(_ document: Node) -> SigmaRule? {
        guard let mapping = document.mapping else {
            isRule = true
            error("T101", "a rule document must be a mapping of keys such as title, logsource and detection", at: document)
            return nil
        }
        ruleID = mapping["id"]?.string
        if mapping["correlation"] != nil {
            isRule = true
            error(
                "T107", "correlation rules are not supported yet",
                hint: "single-event rules in the same file still load", at: mapping["correlation"])
            return nil
        }
        if mapping["filter"] != nil && mapping["detection"] == nil {
            isRule = true
            error("T107", "Sigma filter documents are not supported yet", at: mapping["filter"])
            return nil
        }
        guard mapping["detection"] != nil || mapping["title"] != nil || mapping["logsource"] != nil else {
            return nil
        }
        isRule = true
        guard let title = mapping["title"]?.string, !title.isEmpty else {
            error("T102", "the rule has no title", hint: "add a 'title:' line", at: document)
            return nil
        }
        guard let detectionNode = mapping["detection"], let detectionMapping = detectionNode.mapping else {
            error("T102", "the rule has no 'detection' mapping", at: mapping["detection"] ?? document)
            return nil
        }
        let id = ruleID ?? mapping["name"]?.string ?? "\(path)#\(title)"
        var level = Level.medium
        if let levelNode = mapping["level"] {
            if let name = levelNode.string, let parsed = Level(name: name) {
                level = parsed
            } else {
                error(
                    "T106", "unknown level '\(levelNode.string ?? "")'",
                    hint: "use informational, low, medium, high or critical", at: levelNode)
                return nil
            }
        }
        let logSourceMapping = mapping["logsource"]?.mapping
        let logSource = LogSource(
            product: logSourceMapping?["product"]?.string,
            category: logSourceMapping?["category"]?.string,
            service: logSourceMapping?["service"]?.string)
        guard let detection = readDetection(detectionMapping, node: detectionNode) else { return nil }
        let tags = mapping["tags"]?.sequence?.compactMap { $0.string } ?? []
        return SigmaRule(
            id: id, title: title, name: mapping["name"]?.string, level: level, status: mapping["status"]?.string,
            tags: tags, logSource: logSource, detection: detection, location: location(document))
    }

    private mutating func readDetection(_ mapping: Node.Mapping, node: Node) -> Detection? {
        var searches: [Search] = []
        var conditionNode: Node?
        var failed = false
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            if key == "condition" {
                conditionNode = valueNode
                continue
            }
            if key == "timeframe" {
                error("T107", "'timeframe' belongs to obsolete aggregations; use a correlation rule", at: keyNode)
                failed = true
                continue
            }
            if let search = readSearch(name: key, node: valueNode) {
                searches.append(search)
            } else {
                failed = true
            }
        }
        guard let conditionNode else {
            error("T102", "the detection has no condition", hint: "add e.g. 'condition: selection'", at: node)
            return nil
        }
        var texts: [(String, Node)] = []
        if let text = conditionNode.string {
            texts = [(text, conditionNode)]
        } else if let sequence = conditionNode.sequence {
            texts = sequence.compactMap { item in item.string.map { ($0, item) } }
        }
        guard !texts.isEmpty else {
            error("T103", "the condition must be a string", at: conditionNode)
            return nil
        }
        var expressions: [ConditionExpression] = []
        for (text, textNode) in texts {
            do {
                expressions.append(try ConditionParser.parse(text))
            } catch {
                var place = location(textNode)
                if place.column > 0 { place.column += error.offset + (textNode.scalar?.style == .plain ? 0 : 1) }
                diagnostics.append(
                    Diagnostic(
                        .error, code: "T103", "invalid condition: \(error.message)", at: place, ruleID: ruleID))
                return nil
            }
        }
        if failed { return nil }
        let condition = expressions.count == 1 ? expressions[0] : .or(expressions)
        let names = Set(searches.map(\.name))
        if let missing = Self.unknownReference(in: condition, names: names) {
            let suggestion = names.min { editDistance($0, missing) < editDistance($1, missing) }
            error(
                "T104", "the condition names '\(missing)', which the detection does not define",
                hint: suggestion.map { "did you mean '\($0)'?" }, at: conditionNode)
            return nil
        }
        return Detection(searches: searches, condition: condition, conditionLocation: location(conditionNode))
    }

    /// The first search name or pattern in `condition` that refers to nothing.
    static func unknownReference(in condition: ConditionExpression, names: Set<String>) -> String? {
        switch condition {
        case .search(let name): return names.contains(name) ? nil : name
        case .and(let terms), .or(let terms):
            for term in terms {
                if let missing = unknownReference(in: term, names: names) { return missing }
            }
            return nil
        case .not(let inner): return unknownReference(in: inner, names: names)
        case .oneOf(let pattern), .allOf(let pattern):
            return SearchPattern.matching(pattern, in: Array(names)).isEmpty ? pattern : nil
        }
    }

    private mutating func readSearch(name: String, node: Node) -> Search? {
        var alternatives: [[FieldTest]] = []
        switch node {
        case .mapping(let mapping):
            guard let tests = readFieldMap(mapping) else { return nil }
            alternatives = [tests]
        case .sequence(let sequence):
            var keywords: [RuleValue] = []
            for item in sequence {
                switch item {
                case .mapping(let mapping):
                    guard let tests = readFieldMap(mapping) else { return nil }
                    alternatives.append(tests)
                case .scalar:
                    keywords.append(Self.value(item))
                default:
                    error("T106", "a search list may hold maps or plain values, not nested lists", at: item)
                    return nil
                }
            }
            if !keywords.isEmpty {
                alternatives.append([FieldTest(field: nil, modifiers: [], values: keywords, location: location(node))])
            }
        case .scalar:
            alternatives = [[FieldTest(field: nil, modifiers: [], values: [Self.value(node)], location: location(node))]]
        default:
            error("T106", "search '\(name)' must be a map, a list of maps or a list of values", at: node)
            return nil
        }
        return Search(name: name, alternatives: alternatives, location: location(node))
    }

    private mutating func readFieldMap(_ mapping: Node.Mapping) -> [FieldTest]? {
        var tests: [FieldTest] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                error("T106", "a field name must be text", at: keyNode)
                return nil
            }
            var parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let fieldName = parts.removeFirst()
            var modifiers: [Modifier] = []
            for part in parts {
                guard let modifier = Modifier(rawValue: part.lowercased()) else {
                    let hint = Modifier.suggestion(for: part).map { "did you mean '\($0.rawValue)'?" }
                    error("T105", "unknown modifier '\(part)'", hint: hint, at: keyNode)
                    return nil
                }
                modifiers.append(modifier)
            }
            var values: [RuleValue]
            switch valueNode {
            case .sequence(let sequence):
                values = []
                for item in sequence {
                    guard item.scalar != nil else {
                        error("T106", "values of '\(key)' must be plain values", at: item)
                        return nil
                    }
                    values.append(Self.value(item))
                }
            case .scalar:
                values = [Self.value(valueNode)]
            default:
                error("T106", "the value of '\(key)' must be a value or a list of values", at: valueNode)
                return nil
            }
            tests.append(
                FieldTest(
                    field: fieldName.isEmpty ? nil : fieldName, modifiers: modifiers, values: values,
                    location: location(keyNode)))
        }
        return tests
    }

    static func value(_ node: Node) -> RuleValue {
        guard case .scalar(let scalar) = node else { return .null }
        let tag = node.tag.description
        if tag == Tag.Name.null.rawValue { return .null }
        if tag == Tag.Name.bool.rawValue { return node.bool.map(RuleValue.boolean) ?? .string(scalar.string) }
        if tag == Tag.Name.int.rawValue { return node.int.map(RuleValue.integer) ?? .string(scalar.string) }
        if tag == Tag.Name.float.rawValue { return node.float.map(RuleValue.number) ?? .string(scalar.string) }
        return .string(scalar.string)
    }
}

/// Resolves `1 of x*` patterns against search names.
enum SearchPattern {
    /// The names matching `pattern`: `them` is every name not starting with `_`; a trailing or inner `*` is a wildcard.
    static func matching(_ pattern: String, in names: [String]) -> [String] {
        if pattern == "them" { return names.filter { !$0.hasPrefix("_") } }
        guard pattern.contains("*") else { return names.filter { $0 == pattern } }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        return names.filter { name in
            guard name.hasPrefix(pieces[0]), let last = pieces.last, name.hasSuffix(last) else { return false }
            var rest = Substring(name.dropFirst(pieces[0].count))
            for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
                guard let range = rest.range(of: piece) else { return false }
                rest = rest[range.upperBound...]
            }
            return rest.count >= last.count
        }
    }
}
