import TocsinCore

/// A Sigma correlation rule as written (spec 2.1): what it counts, over which rules, grouped how, in what window.
public struct CorrelationRule: Sendable {
    public var id: String
    public var title: String
    public var name: String?
    public var level: Level
    public var tags: [String]
    public var type: CorrelationType
    /// The ids or names of the rules (detection rules or other correlations) it correlates, as written.
    public var rules: [String]
    /// Fields (or aliases) whose values must be equal within a group; empty: one group for everything.
    public var groupBy: [String]
    /// The sliding window, in seconds of event time.
    public var timespan: Double
    /// The comparisons the metric must satisfy (all of them).
    public var condition: [CorrelationComparison]
    /// The field whose values are counted, summed or averaged (`value_*` types).
    public var field: String?
    /// For `value_percentile`: which percentile (0–100); 50 for `value_median`.
    public var percentile: Double?
    /// Alias name → (referenced rule name → field name in that rule's events).
    public var aliases: [String: [String: String]]
    /// Whether the referenced rules also report their own matches.
    public var generate: Bool
    public var location: SourceLocation

    /// Creates a correlation rule.
    public init(
        id: String, title: String, name: String? = nil, level: Level = .medium, tags: [String] = [],
        type: CorrelationType, rules: [String], groupBy: [String] = [], timespan: Double,
        condition: [CorrelationComparison] = [], field: String? = nil, percentile: Double? = nil,
        aliases: [String: [String: String]] = [:], generate: Bool = false,
        location: SourceLocation = SourceLocation(file: "")
    ) {
        self.id = id
        self.title = title
        self.name = name
        self.level = level
        self.tags = tags
        self.type = type
        self.rules = rules
        self.groupBy = groupBy
        self.timespan = timespan
        self.condition = condition
        self.field = field
        self.percentile = percentile
        self.aliases = aliases
        self.generate = generate
        self.location = location
    }

    /// The field name `alias` stands for in the events of the rule named `rule` (the alias itself when none).
    public func field(_ alias: String, forRuleNamed rule: String?) -> String {
        guard let rule, let names = aliases[alias], let field = names[rule] else { return alias }
        return field
    }
}

/// What a correlation measures in its window.
public enum CorrelationType: String, Sendable, CaseIterable {
    case eventCount = "event_count"
    case valueCount = "value_count"
    case temporal
    case temporalOrdered = "temporal_ordered"
    case valueSum = "value_sum"
    case valueAvg = "value_avg"
    case valuePercentile = "value_percentile"
    case valueMedian = "value_median"

    /// Whether the type reads the values of `condition.field`.
    public var needsField: Bool {
        switch self {
        case .valueCount, .valueSum, .valueAvg, .valuePercentile, .valueMedian: true
        case .eventCount, .temporal, .temporalOrdered: false
        }
    }

    /// Whether the field's values must be numbers.
    public var isNumeric: Bool {
        switch self {
        case .valueSum, .valueAvg, .valuePercentile, .valueMedian: true
        default: false
        }
    }
}

/// One comparison of a correlation's condition, e.g. `gte: 10`.
public struct CorrelationComparison: Sendable, Hashable, CustomStringConvertible {
    /// A comparison operator of the condition map.
    public enum Operator: String, Sendable, CaseIterable {
        case gt, gte, lt, lte, eq, neq
    }

    public var op: Operator
    public var value: Double

    /// Creates a comparison.
    public init(_ op: Operator, _ value: Double) {
        self.op = op
        self.value = value
    }

    /// Whether `metric` satisfies the comparison.
    public func holds(_ metric: Double) -> Bool {
        switch op {
        case .gt: metric > value
        case .gte: metric >= value
        case .lt: metric < value
        case .lte: metric <= value
        case .eq: metric == value
        case .neq: metric != value
        }
    }

    public var description: String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return "\(op.rawValue) \(number)"
    }
}
