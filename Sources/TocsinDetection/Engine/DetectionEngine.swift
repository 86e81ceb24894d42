import Foundation
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
    /// Whether some plan searches every value, so that the scanner collects them all on its one walk.
    let collectsEveryValue: Bool
    /// The variants' conditions in flat buffers, for the per-event path (with, per variant, whether it is
    /// evaluated whenever routed because no literal witnesses it, and whether it reads keywords).
    let program: FlatProgram
    /// Variants and plans by channel and event id.
    let routes: ChannelRoutes
    let anyChannelVariants: [Int32]
    let noChannelVariants: [Int32]
    let anyEventVariants: [Int32]
    /// The plan of an event whose channel no rule names, and of an event without a channel.
    let unknownChannelPlan: MatchPlan
    let noChannelPlan: MatchPlan
    /// Every distinct plan (for statistics).
    let plans: [MatchPlan]
    /// Number of distinct witness needles over all variants (the plans' needles are numbered within these).
    let needleCount: Int
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

        var needlesOf: [[[UInt8]]] = []
        var clausesOf: [[[[UInt8]]]] = []
        var pathsOf: [[Int]?] = []
        var always: [Bool] = []
        var keywords: [Bool] = []
        var routes = ChannelRoutes()
        var anyChannel: [Int32] = []
        var noChannel: [Int32] = []
        var anyEvent: [Int32] = []
        for (index, variant) in variants.enumerated() {
            let id = Int32(index)
            let readsKeywords = variant.searches.contains { search in
                search.alternatives.contains { $0.contains { $0.slot == FieldLayout.keywordSlot } }
            }
            keywords.append(readsKeywords)
            if readsKeywords {
                pathsOf.append(nil)
            } else {
                var paths = Set<Int>()
                for search in variant.searches {
                    for alternative in search.alternatives {
                        for matcher in alternative { paths.formUnion(compiler.layout.slots[matcher.slot]) }
                    }
                }
                pathsOf.append(paths.sorted())
            }
            // A variant with an empty clause can never hold: no needle sets its bit, and it is never evaluated.
            always.append(variant.witness == nil)
            var clauses = (variant.witness ?? []).map { clause in
                var seen = Set<[UInt8]>()
                return clause.map(ValueCompiler.fold).filter { seen.insert($0).inserted }
            }
            if clauses.count > Witness.maxClauses {
                clauses = Array(
                    clauses.enumerated().sorted {
                        (-Witness.selectivity($0.element), $0.offset) < (-Witness.selectivity($1.element), $1.offset)
                    }.prefix(Witness.maxClauses).map(\.element))
            }
            clausesOf.append(clauses)
            var seen = Set<[UInt8]>()
            needlesOf.append(clauses.flatMap { $0 }.filter { seen.insert($0).inserted })
            switch variant.guardCondition {
            case .channels(let channels, let eventIDs):
                for channel in channels { routes.add(id, channel: channel, eventIDs: eventIDs) }
            case .anyChannel: anyChannel.append(id)
            case .noChannel: noChannel.append(id)
            case .any: anyEvent.append(id)
            case .never: break
            }
        }
        var needleNumbers: [[UInt8]: Int32] = [:]
        for needles in needlesOf {
            for needle in needles where needleNumbers[needle] == nil {
                needleNumbers[needle] = Int32(needleNumbers.count)
            }
        }
        needleCount = needleNumbers.count
        program = FlatProgram(
            variants: variants, alwaysEvaluate: always, usesKeywords: keywords, needlesOf: needlesOf,
            needleNumbers: needleNumbers, clauseCounts: clausesOf.map(\.count))
        // One plan per distinct list of variants; identical lists (two event ids with the same rules) share it.
        var planOf: [[Int32]: MatchPlan] = [:]
        var plans: [MatchPlan] = []
        func plan(_ list: [Int32]) -> MatchPlan {
            if let known = planOf[list] { return known }
            let made = MatchPlan(
                variants: list, clausesOf: clausesOf, numbers: needleNumbers, pathsOf: pathsOf,
                pathCount: compiler.layout.paths.count)
            planOf[list] = made
            plans.append(made)
            return made
        }
        routes.makePlans(sharedVariants: anyChannel + anyEvent, plan)
        unknownChannelPlan = plan(anyChannel + anyEvent)
        noChannelPlan = plan(noChannel + anyEvent)
        self.plans = plans
        collectsEveryValue = plans.contains(where: \.scansEveryValue)
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
        let filters = plans.compactMap(\.filter)
        let needles = Set(filters.flatMap(\.needleNumbers)).count
        let states = filters.reduce(0) { $0 + $1.matcher.stateCount }
        let bytes = filters.reduce(0) { $0 + $1.matcher.memoryBytes }
        return "\(rules.count) rules, \(variants.count) variants (\(always) without a literal pre-filter), "
            + "\(layout.paths.count) paths, \(needles) literals, \(plans.count) match plans with "
            + "\(states) automaton states (\(bytes >> 20) MiB); \(plans.filter(\.scansEveryValue).count) plans "
            + "search every value for keywords"
    }
}

/// What one kind of event (a channel and an event id) is matched against: the variants routed to it, in evaluation
/// order, and a literal pre-filter of just their needles.
///
/// A pre-filter per plan, instead of one over all rules, keeps each automaton small: a DNS or a logon event scans
/// with the needles of a few dozen rules, in tables that stay in the processor's caches, and reports only needles
/// of rules that can apply to it.
///
/// The needles are searched only in the values of the fields the plan's variants read, copied one after another
/// with a separator, not in the event's text: a field test sees nothing but its field's values. Keys, structure and
/// the fields no variant of the plan reads (GUIDs, time stamps, the XML namespace of every EVTX event) are skipped;
/// on the recorded events that leaves about a quarter of the text. A plan with a variant that searches keywords
/// (any value) searches every value of the event, still without keys and structure (about three fifths of the
/// text); SigmaHQ's Windows rules hold one such rule that applies to every channel. Joining values can only make a
/// needle appear that is in no one value, which costs an evaluation, never a miss.
final class MatchPlan: Sendable {
    let variants: [Int32]
    /// The plan's needles; nil when it has none.
    let filter: Prefilter?
    /// Whether `filter` searches every value of the event (a variant with needles searches keywords).
    let scansEveryValue: Bool
    /// By path id: whether `filter` searches the values at that path (when not every value).
    let scansPath: [Bool]

    /// One automaton and what its needles witness (a class: binding a struct of a dozen arrays retained each one,
    /// per event).
    final class Prefilter: Sendable {
        let matcher: MultiPatternMatcher
        /// For each needle of `matcher`, the clauses it satisfies (CSR: offsets into `needleVariantList`), each as
        /// its variant shifted left by 3 and the clause's position (0-7) in the low bits.
        let needleVariantOffsets: [Int32]
        let needleVariantList: [Int32]
        /// For each needle of `matcher`, its engine-wide number.
        let needleNumbers: [Int32]

        /// The pre-filter of `variants`' needles; nil when they have none.
        init?(variants: [Int32], clausesOf: [[[[UInt8]]]], numbers: [[UInt8]: Int32]) {
            var needles: [[UInt8]] = []
            var needleIndex: [[UInt8]: Int] = [:]
            var witnessed: [[Int32]] = []
            for id in variants {
                for (position, clause) in clausesOf[Int(id)].enumerated() {
                    for needle in clause {
                        let index: Int
                        if let known = needleIndex[needle] {
                            index = known
                        } else {
                            index = needles.count
                            needleIndex[needle] = index
                            needles.append(needle)
                            witnessed.append([])
                        }
                        witnessed[index].append(id << 3 | Int32(position))
                    }
                }
            }
            if needles.isEmpty { return nil }
            var offsets: [Int32] = [0]
            var list: [Int32] = []
            for entries in witnessed {
                list += entries
                offsets.append(Int32(list.count))
            }
            matcher = MultiPatternMatcher(patterns: needles)
            needleNumbers = needles.map { numbers[$0] ?? -1 }
            needleVariantOffsets = offsets
            needleVariantList = list
        }
    }

    /// A plan for `variants`, where `clausesOf[v]` are variant `v`'s clauses of distinct folded needles (at most
    /// ``Witness/maxClauses``), `numbers` number every needle engine-wide, and `pathsOf[v]` are the paths of the
    /// fields variant `v` reads (nil when it searches keywords).
    init(
        variants: [Int32], clausesOf: [[[[UInt8]]]], numbers: [[UInt8]: Int32], pathsOf: [[Int]?], pathCount: Int
    ) {
        self.variants = variants
        var scansPath = [Bool](repeating: false, count: pathCount)
        var everyValue = false
        for id in variants where clausesOf[Int(id)].contains(where: { !$0.isEmpty }) {
            guard let paths = pathsOf[Int(id)] else {
                everyValue = true
                continue
            }
            for path in paths { scansPath[path] = true }
        }
        self.scansPath = scansPath
        scansEveryValue = everyValue
        filter = Prefilter(variants: variants, clausesOf: clausesOf, numbers: numbers)
    }
}

/// Variants by lower-case channel name and event id.
struct ChannelRoutes: Sendable {
    struct Route: Sendable {
        var name: [UInt8]
        var byEventID: [Int: [Int32]] = [:]
        var anyEventID: [Int32] = []
        /// The plan for each event id in `byEventID`: its variants, then those of every event id, then `shared`.
        var planByEventID: [Int: MatchPlan] = [:]
        /// The plan for other event ids (and events without one).
        var plan: MatchPlan?
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

    /// Gives every route its plans; `sharedVariants` apply to every channel.
    mutating func makePlans(sharedVariants: [Int32], _ plan: ([Int32]) -> MatchPlan) {
        for (key, bucket) in routes {
            var bucket = bucket
            for index in bucket.indices {
                let base = bucket[index].anyEventID + sharedVariants
                bucket[index].plan = plan(base)
                for (id, list) in bucket[index].byEventID { bucket[index].planByEventID[id] = plan(list + base) }
            }
            routes[key] = bucket
        }
    }

    /// The route of a channel given as folded bytes.
    func route(_ folded: UnsafeBufferPointer<UInt8>) -> Route? {
        guard let bucket = routes[Self.hash(folded)] else { return nil }
        // memcmp, not the generic elementsEqual, which compared one byte at a time through iterators.
        return bucket.first { route in
            guard route.name.count == folded.count else { return false }
            guard let other = folded.baseAddress, !folded.isEmpty else { return true }
            return route.name.withUnsafeBufferPointer { name -> Bool in
                guard let base = name.baseAddress else { return false }
                return memcmp(base, other, name.count) == 0
            }
        }
    }
}
