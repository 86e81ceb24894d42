import Foundation
import TocsinCore

/// Matches events against a ``DetectionEngine`` on one thread, reusing its buffers from event to event.
public final class DetectionWorker: SlotValueSource {
    let engine: DetectionEngine
    private var leaves: [Leaf] = []
    private var allLeaves: [Leaf] = []
    private var scratch = EventScanner.Scratch()
    private var heads: [Int32]
    private var tails: [Int32]
    private var headGeneration: [UInt32]
    private var slotGeneration: [UInt32]
    private var slotStart: [Int32]
    private var slotEnd: [Int32]
    private var variantStamp: [UInt32]
    /// Per variant: the witness clauses the pre-filter found a needle of in the current event (valid where
    /// `variantStamp` holds the current generation).
    private var clausesFound: [UInt8]
    private var ruleStamp: [UInt32]
    /// Per engine-wide needle: the generation of the last event whose text the pre-filter found it in.
    private var needleStamp: [UInt32]
    /// Whether the pre-filter scanned the current event's text and can be trusted about absent needles.
    private var textScanned = false
    /// For each rule that fired on the current event, the variant that fired it.
    private var firingVariant: [Int32]
    private var generation: UInt32 = 0
    private var record = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var keywordsScanned = false
    /// The values a plan's pre-filter scans, copied one after another (see ``MatchPlan``).
    private var scannedText: [UInt8] = []
    /// Every value of the event, written by the scanner when some plan searches them all (see ``MatchPlan``).
    private var everyValueText: [UInt8] = []
    private var everyValueCount = 0
    public private(set) var store = ValueStore()

    init(engine: DetectionEngine) {
        self.engine = engine
        let paths = engine.layout.paths.count
        heads = [Int32](repeating: -1, count: paths)
        tails = [Int32](repeating: -1, count: paths)
        headGeneration = [UInt32](repeating: 0, count: paths)
        slotGeneration = [UInt32](repeating: 0, count: engine.layout.slotCount)
        slotStart = [Int32](repeating: 0, count: engine.layout.slotCount)
        slotEnd = [Int32](repeating: 0, count: engine.layout.slotCount)
        variantStamp = [UInt32](repeating: 0, count: engine.variants.count)
        clausesFound = [UInt8](repeating: 0, count: engine.variants.count)
        ruleStamp = [UInt32](repeating: 0, count: engine.rules.count)
        firingVariant = [Int32](repeating: 0, count: engine.rules.count)
        needleStamp = [UInt32](repeating: 0, count: engine.needleCount)
    }

    /// Matches one event (a JSON object) and appends the indices of the rules it fires, ascending, to `results`.
    ///
    /// The record's bytes must stay valid until the next call: ``timestamp()`` and ``host()`` read them.
    public func match(_ event: UnsafeBufferPointer<UInt8>, into results: inout [Int]) throws(EventSyntaxError) {
        generation &+= 1
        if generation == 0 { resetStamps() }
        record = event
        keywordsScanned = false
        textScanned = false
        leaves.removeAll(keepingCapacity: true)
        store.removeAll()
        if engine.collectsEveryValue {
            // Every value's bytes, for the plans that search them all, written on the one walk.
            let needed = 2 * event.count + 2 + 16
            if everyValueText.count < needed {
                everyValueText = [UInt8](repeating: 0, count: max(needed, 2 * everyValueText.count))
            }
            try everyValueText.withUnsafeMutableBufferPointer { (text) throws(EventSyntaxError) in
                try withUnsafeMutablePointer(to: &everyValueCount) { (count) throws(EventSyntaxError) in
                    try engine.scanner.scan(
                        event, leaves: &leaves, allValues: nil, valueText: text.baseAddress, valueTextCount: count,
                        scratch: &scratch)
                }
            }
        } else {
            try engine.scanner.scan(event, leaves: &leaves, allValues: nil, scratch: &scratch)
        }
        link()

        // Route by channel and event id to a plan.
        var channelRoute: ChannelRoutes.Route?
        var hasChannel = false
        let channelValues = values(of: engine.channelSlot)
        if let first = channelValues.first, !store.refs[first].isNull {
            hasChannel = true
            channelRoute = store.withValue(first) { _, folded in engine.routes.route(folded) }
        }
        let plan: MatchPlan
        if let channelRoute {
            // An event id is almost always one value; where a field holds several that route differently, every
            // variant they route to is evaluated, without the pre-filter (a rule fires once).
            var chosen: MatchPlan?
            for index in values(of: engine.eventIDSlot) {
                guard let id = store.withValue(index, { raw, _ in Self.integer(raw) }),
                    let routed = channelRoute.planByEventID[id]
                else { continue }
                if let chosen, chosen !== routed {
                    matchSeveralEventIDs(channelRoute, into: &results)
                    return
                }
                chosen = routed
            }
            plan = chosen ?? channelRoute.plan.unsafelyUnwrapped
        } else {
            plan = hasChannel ? engine.unknownChannelPlan : engine.noChannelPlan
        }
        if plan.variants.isEmpty { return }

        // Literal pre-filter over the values the plan's variants read, with their needles.
        let exhaustive = scratch.exhaustiveness
        if exhaustive != .all {
            if let filter = plan.filter {
                // Every value was written by the scanner; the values of the plan's fields are copied now.
                let everyValue = plan.scansEveryValue
                let count = everyValue ? everyValueCount : copyScannedValues(plan)
                (everyValue ? everyValueText : scannedText).withUnsafeBufferPointer { text in
                    search(filter, UnsafeBufferPointer(rebasing: text[0..<count]))
                }
            }
            textScanned = true
        }
        let start = results.count
        evaluate(plan.variants, exhaustive, &results)
        if results.count - start > 1 { results[start...].sort() }
    }

    /// Stamps the needles `filter` finds in `text` with the current generation, and notes for each variant which of
    /// its witness clauses they satisfy.
    @inline(__always)
    private func search(_ filter: MatchPlan.Prefilter, _ text: UnsafeBufferPointer<UInt8>) {
        let offsets = filter.needleVariantOffsets
        let list = filter.needleVariantList
        let numbers = filter.needleNumbers
        let stamp = generation
        variantStamp.withUnsafeMutableBufferPointer { stamps in
            clausesFound.withUnsafeMutableBufferPointer { found in
                needleStamp.withUnsafeMutableBufferPointer { needleStamps in
                    filter.matcher.forEachMatch(in: text) { needle in
                        needleStamps[Int(numbers[needle])] = stamp
                        for position in Int(offsets[needle])..<Int(offsets[needle + 1]) {
                            let entry = list[position]
                            let variant = Int(entry >> 3)
                            let bit = UInt8(1) << UInt8(entry & 7)
                            if stamps[variant] == stamp {
                                found[variant] |= bit
                            } else {
                                stamps[variant] = stamp
                                found[variant] = bit
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies the raw bytes of the values at the paths `plan` searches to the start of `scannedText`, each followed
    /// by a NUL byte (no needle holds a control character), and returns how many bytes that is. A range found at
    /// several paths (`#text`, `*`) is copied once.
    private func copyScannedValues(_ plan: MatchPlan) -> Int {
        // The values and their separators never take more than the record and one byte per leaf.
        let needed = record.count + leaves.count
        if scannedText.count < needed { scannedText = [UInt8](repeating: 0, count: max(needed, 2 * scannedText.count)) }
        guard let source = record.baseAddress else { return 0 }
        var count = 0
        plan.scansPath.withUnsafeBufferPointer { scans in
            leaves.withUnsafeBufferPointer { leaves in
                scannedText.withUnsafeMutableBufferPointer { target in
                    guard let target = target.baseAddress else { return }
                    var copiedEnd: Int32 = -1
                    for leaf in leaves where leaf.start >= copiedEnd && scans[Int(leaf.pathID)] && leaf.kind != .null {
                        let length = Int(leaf.end - leaf.start)
                        (target + count).update(from: source + Int(leaf.start), count: length)
                        target[count + length] = 0
                        count += length + 1
                        copiedEnd = leaf.end
                    }
                }
            }
        }
        return count
    }

    /// Evaluates every variant routed to any of the event's ids, and those of every id, with no pre-filter.
    private func matchSeveralEventIDs(_ route: ChannelRoutes.Route, into results: inout [Int]) {
        let start = results.count
        for index in values(of: engine.eventIDSlot) {
            guard let id = store.withValue(index, { raw, _ in Self.integer(raw) }), let list = route.byEventID[id]
            else { continue }
            evaluate(list, .all, &results)
        }
        evaluate(route.anyEventID, .all, &results)
        evaluate(engine.anyChannelVariants, .all, &results)
        evaluate(engine.anyEventVariants, .all, &results)
        if results.count - start > 1 { results[start...].sort() }
    }

    @inline(__always)
    private func evaluate(_ list: [Int32], _ exhaustive: Exhaustiveness, _ results: inout [Int]) {
        // Everything per variant is read from the flat program's buffers: no reference counting on this path.
        let program = engine.program
        var source = self
        list.withUnsafeBufferPointer { list in
            variantStamp.withUnsafeBufferPointer { variantStamp in
                for id in list {
                    let index = Int(id)
                    guard
                        exhaustive == .all || program.alwaysEvaluate[index]
                            || (variantStamp[index] == generation && clausesFound[index] == program.clauseMask[index])
                            || (exhaustive == .foldingRegexes && program.foldingRegexes[index])
                    else {
                        continue
                    }
                    let ruleIndex = Int(program.ruleOf[index])
                    guard ruleStamp[ruleIndex] != generation else { continue }
                    if program.usesKeywords[index] && !keywordsScanned { scanKeywords() }
                    if program.matches(variant: index, &source) {
                        ruleStamp[ruleIndex] = generation
                        firingVariant[ruleIndex] = id
                        results.append(ruleIndex)
                    }
                }
            }
        }
    }

    /// Whether the pre-filter scanned this event's text and did not find needle `needle` in it.
    @inline(__always)
    public func isAbsent(needle: Int) -> Bool {
        textScanned && needleStamp[needle] != generation
    }

    /// Reads value `index` straight from the worker's store (a copy of the store would retain its buffers).
    @inline(__always)
    public func withValue<R>(
        _ index: Int, _ body: (_ raw: UnsafeBufferPointer<UInt8>, _ folded: UnsafeBufferPointer<UInt8>, _ isNull: Bool) -> R
    ) -> R {
        let isNull = store.refs[index].isNull
        return store.withValue(index) { raw, folded in body(raw, folded, isNull) }
    }

    /// The values of the fields captured for `rule` (first value of each; nil when absent), when it fired on the
    /// event matched last; empty when the rule captures nothing or did not fire.
    public func captured(rule: Int) -> [String?] {
        guard ruleStamp[rule] == generation else { return [] }
        return engine.variants[Int(firingVariant[rule])].captureSlots.map { text(of: $0) }
    }

    /// The event's timestamp as written, if it has one.
    public func timestamp() -> String? { text(of: engine.timestampSlot) }

    /// The event's host name, if it has one.
    public func host() -> String? { text(of: engine.hostSlot) }

    private func text(of slot: Int) -> String? {
        guard let first = values(of: slot).first, !store.refs[first].isNull else { return nil }
        return store.withValue(first) { raw, _ in String(decoding: raw, as: UTF8.self) }
    }

    public func values(of slot: Int) -> Range<Int> {
        if slotGeneration[slot] == generation { return Int(slotStart[slot])..<Int(slotEnd[slot]) }
        let start = store.refs.count
        if slot == FieldLayout.keywordSlot {
            if !keywordsScanned { scanKeywords() }
            for leaf in allLeaves { decode(leaf) }
        } else {
            for path in engine.layout.slots[slot] where headGeneration[path] == generation {
                var index = heads[path]
                while index >= 0 {
                    decode(leaves[Int(index)])
                    index = leaves[Int(index)].next
                }
                break
            }
        }
        slotGeneration[slot] = generation
        slotStart[slot] = Int32(start)
        slotEnd[slot] = Int32(store.refs.count)
        return start..<store.refs.count
    }

    @inline(__always)
    private func decode(_ leaf: Leaf) {
        let body = UnsafeBufferPointer(rebasing: record[Int(leaf.start)..<Int(leaf.end)])
        switch leaf.kind {
        case .string, .number, .boolean: store.append(body)
        case .escapedString: store.appendJSONString(body)
        case .null: store.appendNull()
        }
    }

    private func scanKeywords() {
        keywordsScanned = true
        allLeaves.removeAll(keepingCapacity: true)
        var ignored: [Leaf] = []
        withUnsafeMutablePointer(to: &allLeaves) { pointer in
            try? engine.scanner.scan(record, leaves: &ignored, allValues: pointer, scratch: &scratch)
        }
    }

    private func link() {
        for index in leaves.indices {
            let path = Int(leaves[index].pathID)
            if headGeneration[path] != generation {
                headGeneration[path] = generation
                heads[path] = Int32(index)
            } else {
                leaves[Int(tails[path])].next = Int32(index)
            }
            tails[path] = Int32(index)
        }
    }

    private func resetStamps() {
        for index in headGeneration.indices { headGeneration[index] = 0 }
        for index in slotGeneration.indices { slotGeneration[index] = 0 }
        for index in variantStamp.indices { variantStamp[index] = 0 }
        for index in ruleStamp.indices { ruleStamp[index] = 0 }
        for index in needleStamp.indices { needleStamp[index] = 0 }
        generation = 1
    }

    static func integer(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for byte in raw {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value &* 10 &+ Int(byte - 0x30)
            digits += 1
            if digits > 18 { return nil }
        }
        return digits > 0 ? value : nil
    }

    /// How far an event's raw text can be trusted to show the literals the pre-filter looks for.
    enum Exhaustiveness {
        /// The pre-filter decides.
        case none
        /// Case-insensitive regular expressions must be tried whatever the pre-filter says: the text has characters
        /// whose full case folding is several ASCII letters (`ß` folds to `ss`, `ﬁ` to `fi`), which ICU matches and
        /// a byte-wise fold does not. Other tests fold with `lowercased()`, which keeps them as they are.
        case foldingRegexes
        /// Every routed variant must be evaluated.
        case all
    }
}
