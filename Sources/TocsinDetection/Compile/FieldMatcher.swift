/// Gives the values of an event's fields by slot; the fast engine and the reference evaluator each provide one.
public protocol SlotValueSource {
    /// The store holding the values.
    var store: ValueStore { get }
    /// Indices into `store.refs` of the values of `slot` (empty when the field is absent).
    mutating func values(of slot: Int) -> Range<Int>
    /// Calls `body` with the raw and folded bytes of value `index` and whether it is JSON null.
    func withValue<R>(
        _ index: Int, _ body: (_ raw: UnsafeBufferPointer<UInt8>, _ folded: UnsafeBufferPointer<UInt8>, _ isNull: Bool) -> R
    ) -> R
    /// Whether the literal pre-filter scanned the event and did not find needle number `needle` (engine-wide) in
    /// its text.
    func isAbsent(needle: Int) -> Bool
}

extension SlotValueSource {
    /// A source that runs no pre-filter knows of no needle that is absent.
    @inline(__always)
    public func isAbsent(needle: Int) -> Bool { false }

    /// Reads the value from ``store``.
    public func withValue<R>(
        _ index: Int, _ body: (_ raw: UnsafeBufferPointer<UInt8>, _ folded: UnsafeBufferPointer<UInt8>, _ isNull: Bool) -> R
    ) -> R {
        let isNull = store.refs[index].isNull
        return store.withValue(index) { raw, folded in body(raw, folded, isNull) }
    }
}

/// A compiled `field|modifiers: values` test.
public struct FieldMatcher: Sendable {
    /// The slot of the field, or ``FieldLayout/keywordSlot`` for a field-less keyword search.
    public var slot: Int
    public var patterns: [ValuePattern]
    /// `all`: every pattern must match (each may match a different value of the field).
    public var requireAll: Bool
    /// `neq`: the field exists and no pattern matches.
    public var negate: Bool
    /// `exists`: only presence is tested.
    public var existence: Bool?

    /// A rough relative cost of evaluating the test, used to order the tests of an AND.
    var cost: Int {
        if existence != nil { return 0 }
        var total = slot == FieldLayout.keywordSlot ? 8 : 0
        for pattern in patterns {
            switch pattern {
            case .literal, .null: total += 1
            case .glob: total += 2
            case .compare, .time, .cidr, .fieldReference: total += 3
            case .regex: total += 20
            }
        }
        return total
    }

    /// Evaluates the test on the event behind `source`.
    @inline(__always)
    public func matches<Source: SlotValueSource>(_ source: inout Source) -> Bool {
        let range = source.values(of: slot)
        if let existence {
            var present = false
            for index in range where !source.withValue(index, { _, _, isNull in isNull }) {
                present = true
                break
            }
            return present == existence
        }
        if range.isEmpty {
            if negate { return false }
            if requireAll { return patterns.allSatisfy { if case .null = $0 { true } else { false } } }
            return patterns.contains { if case .null = $0 { true } else { false } }
        }
        if negate {
            for pattern in patterns {
                // `neq|fieldref` with the other field absent: nothing to differ from, as for an absent field itself.
                if case .fieldReference(_, let other, _) = pattern, source.values(of: other).isEmpty { return false }
                if matchesAny(pattern, range, &source) { return false }
            }
            return true
        }
        // Patterns are read in place (no copy, so no retain and release of their payloads).
        return patterns.withUnsafeBufferPointer { patterns in
            if requireAll {
                for index in patterns.indices where !matchesAny(patterns[index], range, &source) { return false }
                return true
            }
            for index in patterns.indices where matchesAny(patterns[index], range, &source) { return true }
            return false
        }
    }

    @inline(__always)
    private func matchesAny<Source: SlotValueSource>(
        _ pattern: ValuePattern, _ range: Range<Int>, _ source: inout Source
    ) -> Bool {
        if case .fieldReference(let kind, let otherSlot, let cased) = pattern {
            let others = source.values(of: otherSlot)
            for index in range {
                for other in others {
                    let hit = source.withValue(index) { raw, folded, _ in
                        source.withValue(other) { otherRaw, otherFolded, _ in
                            ByteMatch.compare(kind, cased ? raw : folded, cased ? otherRaw : otherFolded)
                        }
                    }
                    if hit { return true }
                }
            }
            return false
        }
        for index in range {
            if source.withValue(index, { raw, folded, isNull in pattern.matches(raw: raw, folded: folded, isNull: isNull) }) {
                return true
            }
        }
        return false
    }
}

/// A compiled search identifier: alternatives ORed, each an AND of field tests.
public struct CompiledSearch: Sendable {
    public var name: String
    public var alternatives: [[FieldMatcher]]

    @inline(__always)
    func matches<Source: SlotValueSource>(_ source: inout Source) -> Bool {
        alternatives.withUnsafeBufferPointer { alternatives in
            for alternative in alternatives.indices {
                let all = alternatives[alternative].withUnsafeBufferPointer { matchers in
                    for index in matchers.indices where !matchers[index].matches(&source) { return false }
                    return true
                }
                if all { return true }
            }
            return false
        }
    }
}

/// A condition over compiled searches.
public indirect enum CompiledCondition: Sendable {
    case search(Int)
    case and([CompiledCondition])
    case or([CompiledCondition])
    case not(CompiledCondition)
    case constant(Bool)

    /// Evaluates the condition, short-circuiting.
    func evaluate<Source: SlotValueSource>(_ searches: [CompiledSearch], _ source: inout Source) -> Bool {
        switch self {
        case .search(let index): return searches[index].matches(&source)
        case .and(let terms):
            return terms.withUnsafeBufferPointer { terms in
                for index in terms.indices where !terms[index].evaluate(searches, &source) { return false }
                return true
            }
        case .or(let terms):
            return terms.withUnsafeBufferPointer { terms in
                for index in terms.indices where terms[index].evaluate(searches, &source) { return true }
                return false
            }
        case .not(let inner): return !inner.evaluate(searches, &source)
        case .constant(let value): return value
        }
    }
}
