import TocsinCore

/// Correlation rules with their references resolved: what each one reads from which rule, in which order.
///
/// Built from the parsed rules before they are compiled, because the fields a correlation groups by must be captured
/// by the detection engine (``captureFields``); ``CorrelationEngine`` then binds it to the compiled rules.
public struct CorrelationSet: Sendable {
    /// A referenced rule: a detection rule (by id) or another correlation (by index in ``correlations``).
    public enum Member: Sendable, Hashable {
        case detection(id: String)
        case correlation(Int)
    }

    /// How a correlation reads the events (or alerts) of one of its members.
    public struct Binding: Sendable {
        public var member: Member
        /// For each `group-by` entry, the index of its value in what the member delivers (nil: never present).
        public var groupIndices: [Int?]
        /// The index of the measured field's value (`value_*` types).
        public var valueIndex: Int?
    }

    /// A correlation ready to run.
    public struct Resolved: Sendable {
        public var rule: CorrelationRule
        /// One binding per entry of `rule.rules`, in order.
        public var bindings: [Binding]
        /// Whether its own alerts are reported: false when only a correlation over it (without `generate`) uses it.
        public var reported: Bool
    }

    public private(set) var correlations: [Resolved] = []
    /// Rejected correlations and problems with references.
    public private(set) var diagnostics: [Diagnostic] = []
    /// For each detection rule id a correlation reads: the fields to capture from its matching events, in order.
    public private(set) var captureFields: [String: [String]] = [:]
    /// Detection rules whose own matches are not reported: used by correlations, none of which sets `generate`.
    public private(set) var suppressedRuleIDs: Set<String> = []

    /// An empty set.
    public init() {}

    /// Resolves `correlations` against each other and against the detection `rules`.
    public init(correlations input: [CorrelationRule], rules: [SigmaRule]) {
        var ruleByID: [String: SigmaRule] = [:]
        var ruleIDByName: [String: String] = [:]
        for rule in rules {
            ruleByID[rule.id] = rule
            if let name = rule.name { ruleIDByName[name] = rule.id }
        }
        var correlationByKey: [String: Int] = [:]
        for (index, correlation) in input.enumerated() {
            correlationByKey[correlation.id] = index
            if let name = correlation.name { correlationByKey[name] = index }
        }

        // Resolve every reference; a correlation with an unknown reference is rejected.
        var members: [[Member]?] = []
        for correlation in input {
            var resolved: [Member] = []
            var failed = false
            for reference in correlation.rules {
                if let index = correlationByKey[reference] {
                    resolved.append(.correlation(index))
                } else if let rule = ruleByID[reference] ?? ruleIDByName[reference].flatMap({ ruleByID[$0] }) {
                    resolved.append(.detection(id: rule.id))
                } else {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "T126", "the correlation refers to '\(reference)', which no loaded rule has as id or name",
                            hint: "load the rule it correlates, or fix the reference", at: correlation.location,
                            ruleID: correlation.id))
                    failed = true
                }
            }
            members.append(failed ? nil : resolved)
        }
        // Reject cycles and correlations over rejected ones (repeat until nothing changes).
        var changed = true
        while changed {
            changed = false
            for index in input.indices where members[index] != nil {
                let bad = (members[index] ?? []).contains { member in
                    guard case .correlation(let other) = member else { return false }
                    return members[other] == nil || Self.reaches(other, index, members)
                }
                if bad {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "T127",
                            "the correlation depends on itself or on a rejected correlation",
                            hint: "correlations may be chained, but not in a circle", at: input[index].location,
                            ruleID: input[index].id))
                    members[index] = nil
                    changed = true
                }
            }
        }

        // Keep the accepted ones, renumbered.
        var newIndex: [Int: Int] = [:]
        for index in input.indices where members[index] != nil { newIndex[index] = newIndex.count }
        var generateRules: Set<String> = []
        var referencedRules: Set<String> = []
        var referencedWithoutGenerate: Set<Int> = []
        var referencedWithGenerate: Set<Int> = []
        for index in input.indices {
            guard let list = members[index] else { continue }
            let correlation = input[index]
            var bindings: [Binding] = []
            for member in list {
                switch member {
                case .detection(let id):
                    let name = ruleByID[id]?.name
                    var fields = captureFields[id] ?? []
                    func position(_ field: String) -> Int {
                        if let known = fields.firstIndex(of: field) { return known }
                        fields.append(field)
                        return fields.count - 1
                    }
                    let groups = correlation.groupBy.map { position(correlation.field($0, forRuleNamed: name)) }
                    let value = correlation.field.map { position(correlation.field($0, forRuleNamed: name)) }
                    captureFields[id] = fields
                    bindings.append(Binding(member: .detection(id: id), groupIndices: groups, valueIndex: value))
                    referencedRules.insert(id)
                    if correlation.generate { generateRules.insert(id) }
                case .correlation(let other):
                    let inner = input[other]
                    let groups = correlation.groupBy.map { alias in
                        inner.groupBy.firstIndex(of: correlation.field(alias, forRuleNamed: inner.name))
                    }
                    bindings.append(
                        Binding(member: .correlation(newIndex[other] ?? 0), groupIndices: groups, valueIndex: nil))
                    if correlation.generate {
                        referencedWithGenerate.insert(other)
                    } else {
                        referencedWithoutGenerate.insert(other)
                    }
                }
            }
            correlations.append(Resolved(rule: correlation, bindings: bindings, reported: true))
        }
        for (old, new) in newIndex where referencedWithoutGenerate.contains(old) && !referencedWithGenerate.contains(old) {
            correlations[new].reported = false
        }
        suppressedRuleIDs = referencedRules.subtracting(generateRules)
    }

    /// Whether correlation `from` depends, directly or through others, on correlation `target`.
    private static func reaches(_ from: Int, _ target: Int, _ members: [[Member]?]) -> Bool {
        var stack = [from]
        var seen: Set<Int> = []
        while let current = stack.popLast() {
            if current == target { return true }
            guard seen.insert(current).inserted else { continue }
            for case .correlation(let next) in members[current] ?? [] { stack.append(next) }
        }
        return false
    }
}
