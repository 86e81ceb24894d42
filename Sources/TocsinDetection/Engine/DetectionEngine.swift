import TocsinCore

/// The compiled rule set: routing by channel and event id, a literal pre-filter, and the rules' matchers.
///
/// Build it once; it is immutable and shared by the workers of all threads (each thread makes its own
/// ``DetectionWorker``).
public final class DetectionEngine: Sendable {
    public let rules: [CompiledRule]
    public let variants: [CompiledVariant]
    public let layout: FieldLayout
    /// Problems found while compiling (rejected rules and warnings).
    public let diagnostics: [Diagnostic]
    /// Rules given that were rejected while compiling.
    public let rejectedCount: Int

    let scanner: EventScanner
    let matcher: MultiPatternMatcher
    /// For each needle of `matcher`, the variants it witnesses (CSR: offsets into `needleVariantList`).
    let needleVariantOffsets: [Int32]
    let needleVariantList: [Int32]
    /// The variants' conditions in flat buffers, for the per-event path (with, per variant, whether it is
    /// evaluated whenever routed because no literal witnesses it, and whether it reads keywords).
    let program: FlatProgram
    let routes: ChannelRoutes
    let anyChannelVariants: [Int32]
    let noChannelVariants: [Int32]
    let anyEventVariants: [Int32]
    let channelSlot: Int
    let eventIDSlot: Int
    let timestampSlot: Int
    let hostSlot: Int

    /// Compiles `rules` against `pipeline`; rules that cannot be compiled are left out and reported.
    ///
    /// `captureFields` names, per rule id, fields whose values ``DetectionWorker/captured(rule:)`` gives after the
    /// rule fired (what correlations group by and measure).
    public init(rules input: [SigmaRule], pipeline: Pipeline, captureFields: [String: [String]] = [:]) {
        var compiler = RuleCompiler(pipeline: pipeline)
        compiler.captureFields = captureFields
        var rejected = 0
        for rule in input where !compiler.add(rule) { rejected += 1 }
        rules = compiler.rules
        variants = compiler.variants
        layout = compiler.layout
        diagnostics = compiler.diagnostics
        rejectedCount = rejected
        channelSlot = compiler.channelSlot
        eventIDSlot = compiler.eventIDSlot
        timestampSlot = compiler.timestampSlot
        hostSlot = compiler.hostSlot
        scanner = EventScanner(layout: compiler.layout)

        var needles: [[UInt8]] = []
        var needleIndex: [[UInt8]: Int] = [:]
        var witnessed: [[Int32]] = []
        var always: [Bool] = []
        var keywords: [Bool] = []
        var routes = ChannelRoutes()
        var anyChannel: [Int32] = []
        var noChannel: [Int32] = []
        var anyEvent: [Int32] = []
        for (index, variant) in variants.enumerated() {
            let id = Int32(index)
            keywords.append(
                variant.searches.contains { search in
                    search.alternatives.contains { $0.contains { $0.slot == FieldLayout.keywordSlot } }
                })
            if let witness = variant.witness, !witness.isEmpty {
                always.append(false)
                for needle in Set(witness.map(ValueCompiler.fold)) {
                    let position: Int
                    if let known = needleIndex[needle] {
                        position = known
                    } else {
                        position = needles.count
                        needleIndex[needle] = position
                        needles.append(needle)
                        witnessed.append([])
                    }
                    witnessed[position].append(id)
                }
            } else {
                always.append(variant.witness == nil)
            }
            switch variant.guardCondition {
            case .channels(let channels, let eventIDs):
                for channel in channels { routes.add(id, channel: channel, eventIDs: eventIDs) }
            case .anyChannel: anyChannel.append(id)
            case .noChannel: noChannel.append(id)
            case .any: anyEvent.append(id)
            case .never: break
            }
        }
        var offsets: [Int32] = [0]
        var list: [Int32] = []
        for ids in witnessed {
            list += ids
            offsets.append(Int32(list.count))
        }
        matcher = MultiPatternMatcher(patterns: needles)
        needleVariantOffsets = offsets
        needleVariantList = list
        program = FlatProgram(variants: variants, alwaysEvaluate: always, usesKeywords: keywords)
        self.routes = routes
        anyChannelVariants = anyChannel
        noChannelVariants = noChannel
        anyEventVariants = anyEvent
    }

    /// A worker for one thread.
    public func makeWorker() -> DetectionWorker { DetectionWorker(engine: self) }

    /// Figures about the compiled rule set.
    public var statistics: String {
        let always = program.alwaysEvaluate.filter { $0 }.count
        return "\(rules.count) rules, \(variants.count) variants (\(always) without a literal pre-filter), "
            + "\(layout.paths.count) paths, \(matcher.patternCount) literals, \(matcher.stateCount) automaton states"
    }
}

/// Variants by lower-case channel name and event id.
struct ChannelRoutes: Sendable {
    struct Route: Sendable {
        var name: [UInt8]
        var byEventID: [Int: [Int32]] = [:]
        var anyEventID: [Int32] = []
    }

    private(set) var routes: [UInt64: [Route]] = [:]

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = EventScanner.basis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* EventScanner.prime }
        return hash
    }

    mutating func add(_ variant: Int32, channel: String, eventIDs: Set<Int>) {
        let name = Array(channel.lowercased().utf8)
        let key = name.withUnsafeBufferPointer(Self.hash)
        var bucket = routes[key] ?? []
        var index = bucket.firstIndex { $0.name == name } ?? -1
        if index < 0 {
            bucket.append(Route(name: name))
            index = bucket.count - 1
        }
        if eventIDs.isEmpty {
            bucket[index].anyEventID.append(variant)
        } else {
            for id in eventIDs.sorted() { bucket[index].byEventID[id, default: []].append(variant) }
        }
        routes[key] = bucket
    }

    /// The route of a channel given as folded bytes.
    func route(_ folded: UnsafeBufferPointer<UInt8>) -> Route? {
        guard let bucket = routes[Self.hash(folded)] else { return nil }
        return bucket.first { $0.name.elementsEqual(folded) }
    }
}
