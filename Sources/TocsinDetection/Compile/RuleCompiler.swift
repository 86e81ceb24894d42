import Foundation
import TocsinCore

/// A rule ready to be matched: its metadata and the variants it is tried as.
public struct CompiledRule: Sendable {
    public var id: String
    public var title: String
    public var level: Level
    public var tags: [String]
    public var location: SourceLocation
    public var logSource: LogSource

    /// Creates a rule's metadata.
    public init(id: String, title: String, level: Level, tags: [String], location: SourceLocation, logSource: LogSource) {
        self.id = id
        self.title = title
        self.level = level
        self.tags = tags
        self.location = location
        self.logSource = logSource
    }
}

/// One rule on one event shape: a guard deciding which events it sees, and its condition for that shape.
public struct CompiledVariant: Sendable {
    public var ruleIndex: Int
    public var name: String
    public var guardCondition: Guard
    public var searches: [CompiledSearch]
    public var condition: CompiledCondition
    /// Clauses of literals: every event the variant matches holds at least one literal of each clause; nil when
    /// none can be named (see ``Witness``).
    public var witness: [[[UInt8]]]?
    /// Slots of the fields captured when the variant fires (read by correlations), in ``RuleCompiler/captureFields``
    /// order.
    public var captureSlots: [Int] = []

    /// Evaluates the condition on the event behind `source` (the guard is checked by the caller).
    @inline(__always)
    public func matches<Source: SlotValueSource>(_ source: inout Source) -> Bool {
        condition.evaluate(searches, &source)
    }
}

/// A field test that cannot be compiled; becomes an error diagnostic.
struct CompileFailure: Error {
    var code: String
    var message: String
    var hint: String?
    var location: SourceLocation
}

/// Compiles parsed rules against a pipeline into variants with slots in a shared layout.
public struct RuleCompiler {
    public let pipeline: Pipeline
    public private(set) var layout = FieldLayout()
    public private(set) var rules: [CompiledRule] = []
    public private(set) var variants: [CompiledVariant] = []
    public private(set) var diagnostics: [Diagnostic] = []
    /// Slots every detection record reads: channel, event id, timestamp, host.
    public private(set) var channelSlot = 0
    public private(set) var eventIDSlot = 0
    public private(set) var timestampSlot = 0
    public private(set) var hostSlot = 0
    /// Fields to capture from the events a rule matches, by rule id (set before adding rules; see ``CorrelationSet``).
    public var captureFields: [String: [String]] = [:]
    /// Slots by (mapped) field name: thousands of rules read the same few hundred fields.
    private var slotByField: [String: Int] = [:]

    /// Creates a compiler for `pipeline`.
    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
        channelSlot = layout.slot(for: pipeline.paths(for: "Channel"))
        eventIDSlot = layout.slot(for: pipeline.paths(for: "EventID"))
        timestampSlot = layout.slot(for: pipeline.recordFields["timestamp"] ?? ["timestamp"])
        hostSlot = layout.slot(for: pipeline.recordFields["host"] ?? ["host"])
    }

    /// Compiles one rule; returns false (with diagnostics) when it is rejected.
    @discardableResult
    public mutating func add(_ rule: SigmaRule) -> Bool {
        var shapes: [PipelineVariant]
        if let mapped = pipeline.variants(for: rule.logSource) {
            shapes = mapped
        } else {
            let fallback = pipeline.unmappedGuard(for: rule.logSource)
            if fallback == .never {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "T110",
                        "log source \(rule.logSource) has no mapping in pipeline '\(pipeline.name)'; the rule loads "
                            + "but matches no event",
                        hint: "add an entry for it under 'logsources' in the pipeline", at: rule.location,
                        ruleID: rule.id))
            }
            shapes = [PipelineVariant(name: "unmapped", guardCondition: fallback, fieldMappings: [:], unsupportedFields: [])]
        }
        var compiled: [CompiledVariant] = []
        var skipped: [String] = []
        let ruleIndex = rules.count
        for shape in shapes {
            if let missing = Self.fieldsRead(by: rule).sorted().first(where: shape.unsupportedFields.contains) {
                skipped.append("\(shape.name) (no field '\(missing)')")
                continue
            }
            do {
                compiled.append(try compile(rule, shape: shape, ruleIndex: ruleIndex))
            } catch let failure as CompileFailure {
                diagnostics.append(
                    Diagnostic(
                        .error, code: failure.code, failure.message, hint: failure.hint, at: failure.location,
                        ruleID: rule.id))
                return false
            } catch {
                diagnostics.append(
                    Diagnostic(.error, code: "T199", "\(error)", at: rule.location, ruleID: rule.id))
                return false
            }
        }
        if compiled.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .error, code: "T112",
                    "no event shape of log source \(rule.logSource) carries the rule's fields: "
                        + skipped.joined(separator: ", "),
                    at: rule.location, ruleID: rule.id))
            return false
        }
        rules.append(
            CompiledRule(
                id: rule.id, title: rule.title, level: rule.level, tags: rule.tags, location: rule.location,
                logSource: rule.logSource))
        variants += compiled
        return true
    }

    /// Every field name a rule reads, fieldref targets included.
    static func fieldsRead(by rule: SigmaRule) -> Set<String> {
        var names = Set<String>()
        for search in rule.detection.searches {
            for alternative in search.alternatives {
                for test in alternative {
                    if let field = test.field { names.insert(field) }
                    if test.modifiers.contains(.fieldref) {
                        for value in test.values { names.insert(value.text) }
                    }
                }
            }
        }
        return names
    }

    private mutating func compile(_ rule: SigmaRule, shape: PipelineVariant, ruleIndex: Int) throws
        -> CompiledVariant
    {
        var searches: [CompiledSearch] = []
        var indexByName: [String: Int] = [:]
        for search in rule.detection.searches {
            var alternatives: [[FieldMatcher]] = []
            for alternative in search.alternatives {
                // Cheap tests first: an AND stops at the first failing test, so regexes often never run.
                let matchers = try alternative.map { try compile($0, shape: shape) }
                alternatives.append(
                    matchers.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }
                        .map(\.element))
            }
            indexByName[search.name] = searches.count
            searches.append(CompiledSearch(name: search.name, alternatives: alternatives))
        }
        let names = rule.detection.searches.map(\.name)
        func lower(_ expression: ConditionExpression) -> CompiledCondition {
            switch expression {
            case .search(let name): return indexByName[name].map(CompiledCondition.search) ?? .constant(false)
            case .and(let terms): return .and(terms.map(lower))
            case .or(let terms): return .or(terms.map(lower))
            case .not(let inner): return .not(lower(inner))
            case .oneOf(let pattern):
                return .or(SearchPattern.matching(pattern, in: names).compactMap { indexByName[$0] }.map { .search($0) })
            case .allOf(let pattern):
                return .and(SearchPattern.matching(pattern, in: names).compactMap { indexByName[$0] }.map { .search($0) })
            }
        }
        let condition = lower(rule.detection.condition)
        var guardCondition = shape.guardCondition
        // A condition that holds only on some channels routes a variant the log source gives every channel (a rule
        // of `product: windows` alone, which names its channels in the detection) to just those channels.
        switch guardCondition {
        case .anyChannel, .any:
            if let channels = Self.required(condition, searches, slot: channelSlot, values: Self.channels(of:)) {
                guardCondition = .channels(channels, eventIDs: [])
            }
        case .channels, .noChannel, .never: break
        }
        // A condition that holds only for some event ids routes the variant to just those ids.
        if case .channels(let channels, let eventIDs) = guardCondition,
            let required = Self.required(condition, searches, slot: eventIDSlot, values: Self.eventIDs(of:))
        {
            let narrowed = eventIDs.isEmpty ? required : eventIDs.intersection(required)
            if !narrowed.isEmpty { guardCondition = .channels(channels, eventIDs: narrowed) }
        }
        var variant = CompiledVariant(
            ruleIndex: ruleIndex, name: shape.name, guardCondition: guardCondition, searches: searches,
            condition: condition, witness: Witness.of(condition, searches))
        variant.captureSlots = (captureFields[rule.id] ?? []).map { slot(for: $0, shape: shape) }
        return variant
    }

    /// Values one of which the field in `slot` of every event satisfying `condition` has, or nil when the condition
    /// does not say; `values` gives the values a test of that field accepts, nil for a test that is not a plain
    /// equality.
    ///
    /// Only plain equality tests count (`EventID: 4688`, `Channel: Security`, or a list of them); anything else
    /// under a `not`, or an OR with a branch that does not test the field, gives nil.
    static func required<Value: Hashable>(
        _ condition: CompiledCondition, _ searches: [CompiledSearch], slot: Int,
        values: (FieldMatcher) -> Set<Value>?
    ) -> Set<Value>? {
        switch condition {
        case .search(let index):
            var union = Set<Value>()
            for alternative in searches[index].alternatives {
                var found: Set<Value>?
                for matcher in alternative where matcher.slot == slot {
                    if let accepted = values(matcher) { found = found.map { $0.intersection(accepted) } ?? accepted }
                }
                guard let found else { return nil }
                union.formUnion(found)
            }
            return union.isEmpty ? nil : union
        case .and(let terms):
            var result: Set<Value>?
            for term in terms {
                if let accepted = required(term, searches, slot: slot, values: values) {
                    result = result.map { $0.intersection(accepted) } ?? accepted
                }
            }
            return result
        case .or(let terms):
            var union = Set<Value>()
            for term in terms {
                guard let accepted = required(term, searches, slot: slot, values: values) else { return nil }
                union.formUnion(accepted)
            }
            return union.isEmpty ? nil : union
        case .not, .constant: return nil
        }
    }

    /// The ids an EventID test accepts, when it is a plain equality test against decimal numbers.
    static func eventIDs(of matcher: FieldMatcher) -> Set<Int>? {
        guard !matcher.negate, matcher.existence == nil, !matcher.requireAll || matcher.patterns.count == 1 else {
            return nil
        }
        var ids = Set<Int>()
        for pattern in matcher.patterns {
            guard case .literal(.equals, let bytes, _) = pattern, !bytes.isEmpty, bytes.count <= 9,
                bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes.count == 1 || bytes[0] != 0x30,
                let id = Int(String(decoding: bytes, as: UTF8.self))
            else { return nil }
            ids.insert(id)
        }
        return ids.isEmpty ? nil : ids
    }

    /// The channels a Channel test accepts, in lower case as routes name them, when it is a plain equality test
    /// against ASCII names (a cased test accepts fewer events than its lower-case route, never more).
    static func channels(of matcher: FieldMatcher) -> Set<String>? {
        guard !matcher.negate, matcher.existence == nil, !matcher.requireAll || matcher.patterns.count == 1 else {
            return nil
        }
        var names = Set<String>()
        for pattern in matcher.patterns {
            guard case .literal(.equals, let bytes, _) = pattern, !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 })
            else { return nil }
            names.insert(String(decoding: bytes, as: UTF8.self).lowercased())
        }
        return names.isEmpty ? nil : names
    }

    private mutating func slot(for field: String, shape: PipelineVariant) -> Int {
        let name = shape.fieldMappings[field] ?? field
        if let known = slotByField[name] { return known }
        let slot = layout.slot(for: pipeline.paths(for: name))
        slotByField[name] = slot
        return slot
    }

    private mutating func compile(_ test: FieldTest, shape: PipelineVariant) throws -> FieldMatcher {
        var fieldSlot = FieldLayout.keywordSlot
        if let field = test.field { fieldSlot = slot(for: field, shape: shape) }
        var builder = ValueCompiler(test: test, placeholders: pipeline.placeholders)
        let patterns = try builder.patterns()
        var resolved = patterns
        for (index, pattern) in patterns.enumerated() {
            if case .fieldReference(let kind, _, let cased) = pattern, let name = builder.fieldReferenceNames[index] {
                resolved[index] = .fieldReference(kind, slot: slot(for: name, shape: shape), cased: cased)
            }
        }
        return FieldMatcher(
            slot: fieldSlot, patterns: resolved, requireAll: test.modifiers.contains(.all),
            negate: test.modifiers.contains(.neq), existence: builder.existence)
    }
}
