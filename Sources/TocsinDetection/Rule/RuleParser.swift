import Foundation
import TocsinCore
import Yams

/// Reads Sigma rule documents from YAML text; problems become diagnostics, never crashes.
public enum RuleParser {
    /// The outcome of reading one file: the rules it holds and what was wrong with the rest.
    public struct Result: Sendable {
        public var rules: [SigmaRule] = []
        /// Correlation rules of the file, unresolved (see ``CorrelationSet``).
        public var correlations: [CorrelationRule] = []
        public var diagnostics: [Diagnostic] = []
        /// Documents that looked like rules but were rejected.
        public var rejected: Int = 0

        /// Creates an empty result.
        public init() {}
    }

    /// Parses every YAML document in `text`; `path` is used in diagnostics.
    ///
    /// A YAML syntax error rejects only the document that holds it: the other documents of the file still load.
    public static func parse(_ text: String, path: String) -> Result {
        var result = Result()
        switch compose(text) {
        case .success(let documents):
            read(documents, path: path, lineOffset: 0, into: &result)
        case .failure(let error):
            // Read the file again one document at a time; `---` at the start of a line always starts one.
            var reported = false
            for chunk in documentChunks(text) {
                switch compose(chunk.text) {
                case .success(let documents):
                    read(documents, path: path, lineOffset: chunk.lineOffset, into: &result)
                case .failure(let chunkError):
                    reportYAMLError(chunkError, path: path, lineOffset: chunk.lineOffset, into: &result)
                    reported = true
                }
            }
            if !reported { reportYAMLError(error, path: path, lineOffset: 0, into: &result) }
        }
        return result
    }

    private static func read(_ documents: [Node], path: String, lineOffset: Int, into result: inout Result) {
        for document in documents {
            var reader = DocumentReader(path: path, lineOffset: lineOffset)
            if let mapping = document.mapping, mapping["correlation"] != nil {
                reader.isRule = true
                if let correlation = reader.readCorrelation(mapping, document: document) {
                    result.correlations.append(correlation)
                } else {
                    result.rejected += 1
                }
            } else if let rule = reader.readRule(document) {
                result.rules.append(rule)
            } else if reader.isRule {
                result.rejected += 1
            }
            result.diagnostics += reader.diagnostics
        }
    }
}

/// Reads one YAML document into a rule, collecting diagnostics.
struct DocumentReader {
    let path: String
    /// Lines of the file before the text the document was parsed from.
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []
    /// Whether the document claimed to be a detection rule (so a failure counts as a rejected rule).
    var isRule = false
    var ruleID: String?

    init(path: String, lineOffset: Int = 0) {
        self.path = path
        self.lineOffset = lineOffset
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: path) }
        return SourceLocation(file: path, line: mark.line + lineOffset, column: mark.column)
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
            guard !sequence.isEmpty else {
                error(
                    "T106", "search '\(name)' is an empty list", hint: "list values or maps, or remove it", at: node)
                return nil
            }
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
                // An empty list would make `all` hold for every event and a plain list for none.
                guard !values.isEmpty else {
                    error("T106", "'\(key)' has an empty list of values", hint: "write at least one value", at: keyNode)
                    return nil
                }
            case .scalar:
                values = [Self.value(valueNode)]
            default:
                error("T106", "the value of '\(key)' must be a value or a list of values", at: valueNode)
                return nil
            }
            let field = fieldName.isEmpty ? nil : fieldName
            let expanding: Set<Modifier> = [.windash, .base64offset, .expand]
            if modifiers.contains(.all), modifiers.contains(where: expanding.contains) {
                // `all` ANDs the values as written; a value these modifiers turn into several spellings matches
                // when one of them does. One test per value keeps each value's spellings ORed.
                let single = modifiers.filter { $0 != .all }
                for value in values {
                    tests.append(
                        FieldTest(field: field, modifiers: single, values: [value], location: location(keyNode)))
                }
                continue
            }
            tests.append(FieldTest(field: field, modifiers: modifiers, values: values, location: location(keyNode)))
        }
        return tests
    }

    /// The value of a scalar; a number or boolean is kept as such only when its text reads back as written.
    ///
    /// Values are matched as text, and YAML's typing would change what the author wrote: `1.10` would become
    /// `1.1`, `0x10` `16`, `010` `8`, `12:30` `750` (sexagesimal) and `yes`/`off` `true`/`false` (YAML 1.1).
    /// The value of a scalar: quoted scalars are text; plain ones are typed by YAML 1.2's core schema (null, true,
    /// false, integers, decimals), keeping the text where the typed value would not print back as written
    /// (`0x10`, `007`, `1e3` stay text, so they are matched as written).
    static func value(_ node: Node) -> RuleValue {
        guard case .scalar(let scalar) = node else { return .null }
        let text = scalar.string
        let explicitTag = node.tag.description
        if explicitTag == Tag.Name.null.rawValue { return .null }
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .boolean(true)
        case "false", "False", "FALSE": return .boolean(false)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
            || (first >= 0x30 && first <= 0x39)
        else { return .string(text) }
        let typed: RuleValue?
        if let integer = Int(text) {
            typed = .integer(integer)
        } else if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let number = Double(text),
            number.isFinite
        {
            typed = .number(number)
        } else {
            typed = nil
        }
        guard let typed, typed.text == text.lowercased() else { return .string(text) }
        return typed
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
