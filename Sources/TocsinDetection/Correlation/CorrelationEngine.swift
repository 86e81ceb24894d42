/// Limits that keep correlation state bounded; what they cut is counted in ``CorrelationStatistics``.
public struct CorrelationLimits: Sendable {
    /// Open groups per correlation; past it, the least recently active groups are dropped.
    public var maxGroups: Int
    /// Events kept per group's window; past it, the oldest are dropped.
    public var maxEventsPerGroup: Int
    /// How far behind the newest event time an event may arrive and still be put in order, in seconds;
    /// `.infinity` holds every event until ``CorrelationEngine/finish()`` (exact, for hunts over files).
    public var tolerance: Double
    /// Events held for ordering at most; past it, the oldest are processed early.
    public var maxHeld: Int

    /// Creates limits.
    public init(
        maxGroups: Int = 100_000, maxEventsPerGroup: Int = 100_000, tolerance: Double = 60, maxHeld: Int = 1_000_000
    ) {
        self.maxGroups = maxGroups
        self.maxEventsPerGroup = maxEventsPerGroup
        self.tolerance = tolerance
        self.maxHeld = maxHeld
    }
}

/// What the correlation engine saw and had to cut.
public struct CorrelationStatistics: Sendable, Equatable {
    /// Matches of referenced rules given to the engine.
    public var inputs = 0
    /// Inputs without a readable timestamp (they cannot be placed in a window; skipped).
    public var untimed = 0
    /// Inputs that came later than the tolerance allows (processed, but possibly out of order).
    public var late = 0
    /// Inputs processed before their time because too many were held.
    public var forced = 0
    /// Groups dropped because a correlation had too many open.
    public var groupsDropped = 0
    /// Events dropped from a window that held too many.
    public var eventsDropped = 0
    /// Alerts raised.
    public var alerts = 0

    /// Creates empty statistics.
    public init() {}
}

/// A correlation that held: which one, for which group, when, and the events behind it.
public struct CorrelationAlert<Context> {
    /// Index into ``CorrelationSet/correlations``.
    public var correlation: Int
    /// The event time of the input that completed it (seconds since 1970).
    public var time: Double
    /// The group's values, in `group-by` order.
    public var group: [String?]
    /// The measured value: a count, a number of distinct values or rules, a sum, mean or percentile.
    public var value: Double
    /// Inputs in the window when it held.
    public var events: Int
    /// The oldest input of the window and the one that completed it.
    public var first: Context
    public var last: Context
}

/// Streams matches of detection rules through correlation rules, over sliding windows of event time.
///
/// Inputs are put in event-time order through a buffer that waits ``CorrelationLimits/tolerance`` seconds; each
/// correlation keeps one window per group; when the condition holds an alert is raised and the group starts afresh,
/// so one burst raises one alert. Alerts of a correlation feed the correlations that reference it. Not thread-safe:
/// one engine per stream.
public struct CorrelationEngine<Context> {
    public let set: CorrelationSet
    public let limits: CorrelationLimits
    public private(set) var statistics = CorrelationStatistics()
    /// For each compiled detection rule index: the (correlation, binding) pairs it feeds.
    private let byRule: [Int: [(correlation: Int, binding: Int)]]
    /// For each correlation: the (correlation, binding) pairs its alerts feed.
    private let byCorrelation: [[(correlation: Int, binding: Int)]]
    private var states: [CorrelationState<Context>]
    private var held = InputHeap<Context>()
    private var sequence = 0
    /// The newest event time seen, and the time up to which inputs were released.
    private var newest = -Double.infinity
    private var released = -Double.infinity
    private var sinceSweep = 0

    /// An engine for `set`, whose detection rules were compiled with ids `ruleIDs` (in rule-index order).
    public init(set: CorrelationSet, ruleIDs: [String], limits: CorrelationLimits = CorrelationLimits()) {
        self.set = set
        self.limits = limits
        var indexByID: [String: Int] = [:]
        for (index, id) in ruleIDs.enumerated() where indexByID[id] == nil { indexByID[id] = index }
        var byRule: [Int: [(correlation: Int, binding: Int)]] = [:]
        var byCorrelation = [[(correlation: Int, binding: Int)]](repeating: [], count: set.correlations.count)
        for (index, correlation) in set.correlations.enumerated() {
            for (position, binding) in correlation.bindings.enumerated() {
                switch binding.member {
                case .detection(let id):
                    if let rule = indexByID[id] { byRule[rule, default: []].append((index, position)) }
                case .correlation(let other):
                    byCorrelation[other].append((index, position))
                }
            }
        }
        self.byRule = byRule
        self.byCorrelation = byCorrelation
        states = set.correlations.map { CorrelationState(rule: $0.rule, members: $0.bindings.count) }
    }

    /// Whether a correlation reads the matches of detection rule `rule`.
    public func reads(rule: Int) -> Bool { byRule[rule] != nil }

    /// Gives the engine a match of detection rule `rule` at `time` (nil: no readable timestamp), with the values of
    /// the rule's captured fields (``CorrelationSet/captureFields``); returns the alerts that are now due.
    public mutating func add(rule: Int, time: Double?, captured: [String?], context: Context) -> [CorrelationAlert<Context>] {
        guard byRule[rule] != nil else { return [] }
        statistics.inputs += 1
        guard let time else {
            statistics.untimed += 1
            return []
        }
        var alerts: [CorrelationAlert<Context>] = []
        if time < released {
            // Too late to be put in order: processed now, against the windows as they are.
            statistics.late += 1
            process(HeldInput(time: time, sequence: sequence, rule: rule, captured: captured, context: context), &alerts)
            sequence += 1
            return alerts
        }
        held.push(HeldInput(time: time, sequence: sequence, rule: rule, captured: captured, context: context))
        sequence += 1
        newest = max(newest, time)
        let watermark = newest - limits.tolerance
        while let top = held.top, top.time <= watermark || held.count > limits.maxHeld {
            if top.time > watermark { statistics.forced += 1 }
            held.pop()
            released = max(released, top.time)
            process(top, &alerts)
        }
        return alerts
    }

    /// Processes every held input (end of input) and returns the alerts due.
    public mutating func finish() -> [CorrelationAlert<Context>] {
        var alerts: [CorrelationAlert<Context>] = []
        while let top = held.pop() {
            released = max(released, top.time)
            process(top, &alerts)
        }
        return alerts
    }

    private mutating func process(_ input: HeldInput<Context>, _ alerts: inout [CorrelationAlert<Context>]) {
        sinceSweep += 1
        if sinceSweep >= 4096 {
            sinceSweep = 0
            for index in states.indices { states[index].sweep(before: released - limits.tolerance) }
        }
        for (correlation, binding) in byRule[input.rule] ?? [] {
            let spec = set.correlations[correlation].bindings[binding]
            feed(
                correlation, member: binding, group: spec.groupIndices.map { $0.flatMap { input.captured[$0] } },
                value: spec.valueIndex.flatMap { input.captured[$0] }, time: input.time, first: input.context,
                last: input.context, &alerts)
        }
    }

    /// Adds one input to a correlation and follows the alerts it raises through the chain.
    private mutating func feed(
        _ correlation: Int, member: Int, group: [String?], value: String?, time: Double, first: Context,
        last: Context, _ alerts: inout [CorrelationAlert<Context>]
    ) {
        guard
            let alert = states[correlation].add(
                group: group, member: member, value: value, time: time, first: first, last: last, limits: limits,
                statistics: &statistics)
        else { return }
        let raised = CorrelationAlert(
            correlation: correlation, time: time, group: group, value: alert.value, events: alert.events,
            first: alert.first, last: last)
        statistics.alerts += 1
        alerts.append(raised)
        for (outer, binding) in byCorrelation[correlation] {
            let spec = set.correlations[outer].bindings[binding]
            feed(
                outer, member: binding, group: spec.groupIndices.map { $0.flatMap { group[$0] } }, value: nil,
                time: time, first: alert.first, last: last, &alerts)
        }
    }
}

/// An input waiting to be processed in event-time order.
struct HeldInput<Context> {
    var time: Double
    var sequence: Int
    var rule: Int
    var captured: [String?]
    var context: Context

    func precedes(_ other: HeldInput) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}

/// A binary min-heap of held inputs by (time, arrival).
struct InputHeap<Context> {
    private var items: [HeldInput<Context>] = []

    var count: Int { items.count }
    var top: HeldInput<Context>? { items.first }

    mutating func push(_ item: HeldInput<Context>) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> HeldInput<Context>? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let item = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].precedes(items[smallest]) { smallest = left }
            if right < items.count, items[right].precedes(items[smallest]) { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return item
    }
}
