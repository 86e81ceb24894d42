import Foundation
import TocsinDetection

/// A plain evaluator of a compiled rule set: no byte scanner, no routing index, no literal pre-filter.
///
/// It parses the event with Foundation, resolves each slot's paths itself, checks every variant's guard and
/// evaluates every variant whose guard holds. The fast engine must give the same rules on every event: its
/// routing and pre-filter may only skip variants that cannot match.
///
/// The guard checked is the pipeline's, for the rule's log source and the variant's shape, not the one the compiler
/// stored: the compiler narrows a guard to the event ids the condition requires, an optimisation this evaluator
/// must check rather than share.
struct ReferenceEvaluator {
    let engine: DetectionEngine
    /// For each path id, its components (split at dots, spaces removed as in event keys).
    let pathComponents: [[String]]
    let channelSlot: Int
    let eventIDSlot: Int
    /// The distinct guards of the variants, and for each the variants that carry it (ascending).
    ///
    /// A guard is a pure function of the event, so checking each distinct guard once per event is the same as
    /// checking it for every variant.
    let guards: [Guard]
    let variantsByGuard: [[Int]]
    /// Variants whose compiled guard is narrower than the pipeline's (checked here with the pipeline's).
    let narrowedCount: Int
    /// Variants whose pipeline guard could not be told apart (several shapes of that name); their compiled guard is
    /// used.
    let unresolvedCount: Int

    /// A reference for `engine`, whose rules were compiled with `pipeline`.
    init(engine: DetectionEngine, pipeline: Pipeline) {
        self.engine = engine
        pathComponents = engine.layout.paths.map { path in
            path.split(separator: ".", omittingEmptySubsequences: false)
                .map { String($0).replacingOccurrences(of: " ", with: "") }
        }
        // The compiler creates these slots first; asking the layout again returns the same slots.
        var layout = engine.layout
        channelSlot = layout.slot(for: pipeline.paths(for: "Channel"))
        eventIDSlot = layout.slot(for: pipeline.paths(for: "EventID"))
        precondition(layout.slotCount == engine.layout.slotCount, "Channel/EventID slots missing from the layout")
        var guardIndex: [Guard: Int] = [:]
        var guards: [Guard] = []
        var byGuard: [[Int]] = []
        var narrowed = 0
        var unresolved = 0
        for (index, variant) in engine.variants.enumerated() {
            let guardCondition: Guard
            if let pipelineGuard = Self.pipelineGuard(of: variant, engine.rules[variant.ruleIndex], pipeline) {
                guardCondition = pipelineGuard
                if pipelineGuard != variant.guardCondition { narrowed += 1 }
            } else {
                guardCondition = variant.guardCondition
                unresolved += 1
            }
            let position: Int
            if let known = guardIndex[guardCondition] {
                position = known
            } else {
                position = guards.count
                guardIndex[guardCondition] = position
                guards.append(guardCondition)
                byGuard.append([])
            }
            byGuard[position].append(index)
        }
        self.guards = guards
        variantsByGuard = byGuard
        narrowedCount = narrowed
        unresolvedCount = unresolved
    }

    /// The guard the pipeline gives the variant's shape of the rule's log source; nil when shapes of that name
    /// disagree.
    static func pipelineGuard(of variant: CompiledVariant, _ rule: CompiledRule, _ pipeline: Pipeline) -> Guard? {
        guard let shapes = pipeline.variants(for: rule.logSource) else {
            return pipeline.unmappedGuard(for: rule.logSource)
        }
        let named = Set(shapes.filter { $0.name == variant.name }.map(\.guardCondition))
        return named.count == 1 ? named.first : nil
    }

    /// The indices of the rules that fire on `event`, ascending.
    func match(_ event: ReferenceJSON) -> [Int] {
        var source = ReferenceSource(event: event, evaluator: self)
        let channel = source.firstValue(of: channelSlot)
        let eventID = source.firstValue(of: eventIDSlot).flatMap(Self.integer)
        var fired = Set<Int>()
        for (position, guardCondition) in guards.enumerated() where Self.holds(guardCondition, channel, eventID) {
            for index in variantsByGuard[position] {
                let variant = engine.variants[index]
                if fired.contains(variant.ruleIndex) { continue }
                if variant.matches(&source) { fired.insert(variant.ruleIndex) }
            }
        }
        return fired.sorted()
    }

    /// Whether a guard admits an event with this channel (nil: none, or JSON null) and event id.
    static func holds(_ guardCondition: Guard, _ channel: String?, _ eventID: Int?) -> Bool {
        switch guardCondition {
        case .channels(let channels, let eventIDs):
            guard let channel, channels.contains(channel.lowercased()) else { return false }
            if eventIDs.isEmpty { return true }
            guard let eventID else { return false }
            return eventIDs.contains(eventID)
        case .anyChannel: return channel != nil
        case .noChannel: return channel == nil
        case .any: return true
        case .never: return false
        }
    }

    /// An event id written as a decimal integer (a JSON number or a string of digits).
    static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

/// The event's field values by slot, resolved on first use from the parsed tree.
struct ReferenceSource: SlotValueSource {
    let event: ReferenceJSON
    let evaluator: ReferenceEvaluator
    var store = ValueStore()
    private var ranges: [Int: Range<Int>] = [:]

    init(event: ReferenceJSON, evaluator: ReferenceEvaluator) {
        self.event = event
        self.evaluator = evaluator
    }

    mutating func values(of slot: Int) -> Range<Int> {
        if let known = ranges[slot] { return known }
        let start = store.refs.count
        if slot == FieldLayout.keywordSlot {
            var scalars: [String] = []
            event.allScalars(into: &scalars)
            for text in scalars { store.append(text) }
        } else {
            // The first path that holds at least one value (JSON null included) wins.
            for path in evaluator.engine.layout.slots[slot] {
                let found = event.values(at: evaluator.pathComponents[path][...])
                if found.isEmpty { continue }
                for value in found {
                    if let value { store.append(value) } else { store.appendNull() }
                }
                break
            }
        }
        let range = start..<store.refs.count
        ranges[slot] = range
        return range
    }

    /// The first value of a slot as text; nil when the slot is empty or its first value is JSON null.
    mutating func firstValue(of slot: Int) -> String? {
        guard let first = values(of: slot).first, !store.refs[first].isNull else { return nil }
        return store.withValue(first) { raw, _ in String(decoding: raw, as: UTF8.self) }
    }
}
