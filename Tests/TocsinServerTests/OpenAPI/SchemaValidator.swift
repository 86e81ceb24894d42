import Foundation

/// Checks JSON values against the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that Tocsin's document
/// uses: `type` (one name or a list, `null` included), `properties`, `required`, `additionalProperties`, `items`,
/// `enum`, `minimum`, `maximum`, `format: date-time`, `$ref` into the document, `oneOf` and `anyOf`.
///
/// A keyword outside the subset is itself a violation: the validator must never pass a value only because it
/// did not understand what the schema asked.
struct SchemaValidator {
    /// The whole OpenAPI document, which `$ref`s point into.
    let document: JSON

    /// Keywords that only annotate, so there is nothing to check.
    static let annotations: Set<String> = ["description", "title", "example", "examples", "deprecated"]
    static let assertions: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "maximum", "format",
        "$ref", "oneOf", "anyOf",
    ]

    /// Every way `value` breaks `schema`, each as `pointer: problem`; empty when it conforms.
    func violations(of value: JSON, against schema: JSON, at pointer: String = "$") -> [String] {
        guard let keywords = schema.members else { return ["\(pointer): the schema is not an object: \(schema)"] }
        var problems: [String] = []
        for keyword in keywords.keys.sorted()
        where !Self.assertions.contains(keyword) && !Self.annotations.contains(keyword) {
            problems.append("\(pointer): the validator does not support the schema keyword \(keyword)")
        }
        if let reference = keywords["$ref"]?.string {
            guard let target = resolve(reference) else { return problems + ["\(pointer): unresolved $ref \(reference)"] }
            problems += violations(of: value, against: target, at: pointer)
        }
        if let type = keywords["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            let actual = value.typeName
            let fits = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !fits {
                let expected = allowed.count == 1 ? allowed[0] : "one of [" + allowed.joined(separator: ", ") + "]"
                // A value of the wrong type would only add noise below.
                return problems + ["\(pointer): expected \(expected), found \(actual) \(value)"]
            }
        }
        if let choices = keywords["enum"]?.array, !choices.contains(value) {
            let listed = choices.map(\.description).joined(separator: ", ")
            problems.append("\(pointer): expected one of [\(listed)], found \(value)")
        }
        problems += numberViolations(of: value, keywords, at: pointer)
        if keywords["format"]?.string == "date-time", case .string(let text) = value, !Self.isDateTime(text) {
            problems.append("\(pointer): expected a date-time (RFC 3339), found \(value)")
        }
        if case .object(let members) = value { problems += objectViolations(of: members, keywords, at: pointer) }
        if case .array(let items) = value, let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() {
                problems += violations(of: item, against: itemSchema, at: "\(pointer)[\(index)]")
            }
        }
        if let options = keywords["oneOf"]?.array {
            let failures = options.map { violations(of: value, against: $0, at: pointer) }
            let matching = failures.filter(\.isEmpty).count
            if matching != 1 {
                problems.append(
                    "\(pointer): expected exactly one of \(options.count) oneOf schemas to match, \(matching) did"
                        + (matching == 0 ? " (" + failures.map { $0.joined(separator: "; ") }.joined(separator: " | ")
                            + ")" : ""))
            }
        }
        if let options = keywords["anyOf"]?.array {
            let failures = options.map { violations(of: value, against: $0, at: pointer) }
            if !failures.contains(where: \.isEmpty) {
                problems.append(
                    "\(pointer): expected one of the anyOf schemas to match, none did ("
                        + failures.map { $0.joined(separator: "; ") }.joined(separator: " | ") + ")")
            }
        }
        return problems
    }

    private func objectViolations(of members: [String: JSON], _ keywords: [String: JSON], at pointer: String)
        -> [String]
    {
        var problems: [String] = []
        let properties = keywords["properties"]?.members ?? [:]
        for name in keywords["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
            problems.append("\(pointer).\(name): required but missing")
        }
        for name in members.keys.sorted() {
            guard let member = members[name] else { continue }
            if let propertySchema = properties[name] {
                problems += violations(of: member, against: propertySchema, at: "\(pointer).\(name)")
            } else if let additional = keywords["additionalProperties"] {
                if case .bool(false) = additional {
                    problems.append("\(pointer).\(name): not a documented property")
                } else if additional.members != nil {
                    problems += violations(of: member, against: additional, at: "\(pointer).\(name)")
                }
            }
        }
        return problems
    }

    private func numberViolations(of value: JSON, _ keywords: [String: JSON], at pointer: String) -> [String] {
        let number: Double
        switch value {
        case .integer(let integer): number = Double(integer)
        case .number(let double): number = double
        default: return []
        }
        var problems: [String] = []
        if let minimum = Self.double(keywords["minimum"]), number < minimum {
            problems.append("\(pointer): expected at least \(minimum), found \(value)")
        }
        if let maximum = Self.double(keywords["maximum"]), number > maximum {
            problems.append("\(pointer): expected at most \(maximum), found \(value)")
        }
        return problems
    }

    private static func double(_ value: JSON?) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }

    /// The keywords in `schema` and the schemas inside it that the validator does not check, as `pointer: keyword`.
    static func unsupportedKeywords(in schema: JSON, at pointer: String) -> [String] {
        guard let keywords = schema.members else { return [] }
        var found = keywords.keys.sorted().filter { !assertions.contains($0) && !annotations.contains($0) }
            .map { "\(pointer): \($0)" }
        for (name, property) in (keywords["properties"]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
            found += unsupportedKeywords(in: property, at: "\(pointer)/properties/\(name)")
        }
        for keyword in ["items", "additionalProperties"] {
            if let inner = keywords[keyword] { found += unsupportedKeywords(in: inner, at: "\(pointer)/\(keyword)") }
        }
        for keyword in ["oneOf", "anyOf"] {
            for (index, inner) in (keywords[keyword]?.array ?? []).enumerated() {
                found += unsupportedKeywords(in: inner, at: "\(pointer)/\(keyword)/\(index)")
            }
        }
        return found
    }

    /// The value a local reference `#/a/b` names in the document.
    func resolve(_ reference: String) -> JSON? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSON? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    /// RFC 3339 date-time, read loosely: a full date, `T`, a time with optional fraction, and `Z` or an offset.
    static func isDateTime(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})/) != nil
    }
}
