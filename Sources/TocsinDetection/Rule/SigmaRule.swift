import TocsinCore

/// A Sigma detection rule as written, before it is compiled against a pipeline.
public struct SigmaRule: Sendable {
    public var id: String
    public var title: String
    public var name: String?
    public var level: Level
    public var status: String?
    public var tags: [String]
    public var logSource: LogSource
    public var detection: Detection
    /// Where the rule's document starts.
    public var location: SourceLocation

    /// Creates a rule.
    public init(
        id: String, title: String, name: String? = nil, level: Level, status: String? = nil, tags: [String] = [],
        logSource: LogSource, detection: Detection, location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.name = name
        self.level = level
        self.status = status
        self.tags = tags
        self.logSource = logSource
        self.detection = detection
        self.location = location
    }
}

/// The `logsource` section of a rule: which kind of log the rule was written for.
public struct LogSource: Sendable, Hashable, CustomStringConvertible {
    public var product: String?
    public var category: String?
    public var service: String?

    /// Creates a log source; all parts are compared in lower case.
    public init(product: String? = nil, category: String? = nil, service: String? = nil) {
        self.product = product?.lowercased()
        self.category = category?.lowercased()
        self.service = service?.lowercased()
    }

    /// `product/category/service`, with `-` for a missing part.
    public var description: String {
        "\(product ?? "-")/\(category ?? "-")/\(service ?? "-")"
    }
}

/// The `detection` section: named searches and the condition that combines them.
public struct Detection: Sendable {
    /// The searches in the order the rule names them.
    public var searches: [Search]
    public var condition: ConditionExpression
    /// Where the condition was written.
    public var conditionLocation: SourceLocation

    /// Creates a detection.
    public init(searches: [Search], condition: ConditionExpression, conditionLocation: SourceLocation) {
        self.searches = searches
        self.condition = condition
        self.conditionLocation = conditionLocation
    }
}

/// One named search identifier of a detection, e.g. `selection_img`.
public struct Search: Sendable {
    public var name: String
    /// Alternatives that are ORed; each alternative is a list of field tests that are ANDed.
    public var alternatives: [[FieldTest]]
    public var location: SourceLocation

    /// Creates a search.
    public init(name: String, alternatives: [[FieldTest]], location: SourceLocation) {
        self.name = name
        self.alternatives = alternatives
        self.location = location
    }
}

/// One `field|modifier|…: values` entry, or a field-less keyword list when `field` is nil.
public struct FieldTest: Sendable {
    /// The field name, or nil for a keyword search over all values of the event.
    public var field: String?
    public var modifiers: [Modifier]
    public var values: [RuleValue]
    public var location: SourceLocation

    /// Creates a field test.
    public init(field: String?, modifiers: [Modifier], values: [RuleValue], location: SourceLocation) {
        self.field = field
        self.modifiers = modifiers
        self.values = values
        self.location = location
    }
}

/// A value written in a rule, keeping its YAML type (`4688` and `'4688'` are both matched as text).
public enum RuleValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case null

    /// The value as text, as it is compared against event values.
    public var text: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .boolean(let value): value ? "true" : "false"
        case .null: ""
        }
    }

    public var description: String { self == .null ? "null" : text }
}
