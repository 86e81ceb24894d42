import Foundation

/// The open groups of one correlation and their sliding windows.
struct CorrelationState<Context> {
    /// One input in a window.
    struct Entry {
        var time: Double
        var member: Int
        var text: String?
        var number: Double?
        var first: Context
    }

    /// One group's window, oldest first, with running aggregates.
    struct Group {
        var entries: [Entry] = []
        var head = 0
        var distinct: [String: Int] = [:]
        var sum = 0.0
        var numbers = 0
        var memberCounts: [Int]
        var newest = -Double.infinity

        init(members: Int) { memberCounts = [Int](repeating: 0, count: members) }

        var count: Int { entries.count - head }
        var window: ArraySlice<Entry> { entries[head...] }
    }

    /// What `add` reports when the condition holds.
    struct Outcome {
        var value: Double
        var events: Int
        var first: Context
    }

    let rule: CorrelationRule
    let members: Int
    private(set) var groups: [[String?]: Group] = [:]

    init(rule: CorrelationRule, members: Int) {
        self.rule = rule
        self.members = members
    }

    /// Adds an input to its group's window; returns the outcome when the condition now holds (the group is reset).
    mutating func add(
        group key: [String?], member: Int, value: String?, time: Double, first: Context, last: Context,
        limits: CorrelationLimits, statistics: inout CorrelationStatistics
    ) -> Outcome? {
        if groups[key] == nil && groups.count >= limits.maxGroups {
            dropIdleGroups(&statistics)
        }
        var group = groups.removeValue(forKey: key) ?? Group(members: members)
        let number = rule.type.isNumeric ? value.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } : nil
        let entry = Entry(time: time, member: member, text: value, number: number, first: first)
        // Usually in order; a late input is put in its place.
        var position = group.entries.count
        while position > group.head && group.entries[position - 1].time > time { position -= 1 }
        group.entries.insert(entry, at: position)
        include(entry, in: &group)
        group.newest = max(group.newest, time)
        // The window is [newest − timespan, newest]: both edges count.
        let start = group.newest - rule.timespan
        while group.head < group.entries.count && group.entries[group.head].time < start {
            exclude(group.entries[group.head], from: &group)
            group.head += 1
        }
        while group.count > limits.maxEventsPerGroup {
            exclude(group.entries[group.head], from: &group)
            group.head += 1
            statistics.eventsDropped += 1
        }
        if group.head > 1024 && group.head * 2 > group.entries.count {
            group.entries.removeFirst(group.head)
            group.head = 0
        }
        if let value = metric(group), rule.condition.allSatisfy({ $0.holds(value) }) {
            // The group starts afresh: one burst, one alert.
            return Outcome(value: value, events: group.count, first: group.entries[group.head].first)
        }
        groups[key] = group
        return nil
    }

    /// Drops groups whose newest input is older than `time` minus the timespan: they can never hold again.
    mutating func sweep(before time: Double) {
        let limit = time - rule.timespan
        groups = groups.filter { $0.value.newest >= limit }
    }

    /// The measured value of a window, or nil when it has nothing to measure (no numbers for a mean).
    private func metric(_ group: Group) -> Double? {
        switch rule.type {
        case .eventCount: return Double(group.count)
        case .valueCount: return Double(group.distinct.count)
        case .temporal: return Double(group.memberCounts.filter { $0 > 0 }.count)
        case .temporalOrdered:
            // The longest prefix of the rule list matched in order (greedy is optimal for a subsequence).
            var next = 0
            for entry in group.window where entry.member == next {
                next += 1
                if next == members { break }
            }
            return Double(next)
        case .valueSum: return group.numbers > 0 ? group.sum : nil
        case .valueAvg: return group.numbers > 0 ? group.sum / Double(group.numbers) : nil
        case .valuePercentile, .valueMedian:
            let sorted = group.window.compactMap(\.number).sorted()
            guard !sorted.isEmpty else { return nil }
            // Nearest rank: the smallest value with at least p % of the values at or below it.
            let rank = Int((rule.percentile ?? 50) / 100 * Double(sorted.count) + 0.999_999_999)
            return sorted[min(max(rank, 1), sorted.count) - 1]
        }
    }

    private func include(_ entry: Entry, in group: inout Group) {
        if let text = entry.text { group.distinct[text, default: 0] += 1 }
        if let number = entry.number {
            group.sum += number
            group.numbers += 1
        }
        group.memberCounts[entry.member] += 1
    }

    private func exclude(_ entry: Entry, from group: inout Group) {
        if let text = entry.text {
            let left = (group.distinct[text] ?? 1) - 1
            group.distinct[text] = left > 0 ? left : nil
        }
        if let number = entry.number {
            group.sum -= number
            group.numbers -= 1
        }
        group.memberCounts[entry.member] -= 1
    }

    /// Makes room for a new group: drops the least recently active eighth of the groups.
    private mutating func dropIdleGroups(_ statistics: inout CorrelationStatistics) {
        let drop = max(1, groups.count / 8)
        let cutoff = groups.values.map(\.newest).sorted()[drop - 1]
        var dropped = 0
        groups = groups.filter { _, group in
            if dropped < drop && group.newest <= cutoff {
                dropped += 1
                return false
            }
            return true
        }
        statistics.groupsDropped += dropped
    }
}
