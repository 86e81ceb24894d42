/// Every variant's condition and field tests laid out in flat buffers of plain values, for the per-event path.
///
/// The tree of ``CompiledCondition``s, ``CompiledSearch``es and ``FieldMatcher``s is what the compiler builds and
/// analyses (witnesses, event-id narrowing), and what the reference evaluator walks. Walking it per event retains and
/// releases every node's payload: a third of a hunt's time went to reference counting. Here the same conditions are
/// nodes, spans and literals in buffers of trivial types, read without reference counting; only patterns that are not
/// plain literals (globs, regexes, CIDR, numbers, times) are kept as ``ValuePattern``s and read in place.
///
/// The semantics are those of ``CompiledVariant/matches(_:)``; the differential test over the whole event set checks
/// that both agree.
final class FlatProgram: @unchecked Sendable {
    // @unchecked Sendable: every buffer is allocated and written in `init` only, then only read, and freed in
    // `deinit` when no worker can hold the program any more (workers keep their engine, which keeps the program).

    enum Operation: UInt8 {
        case search, and, or, not, constant
    }

    /// A condition node: a search (`first` is its index), an AND or OR (children `first..<first+count` in
    /// `children`), a NOT (`first` is the child node), or a constant (`first` is 0 or 1).
    struct Node {
        var operation: Operation
        var first: Int32
        var count: Int32
    }

    /// A range of entries in another buffer.
    struct Span {
        var first: Int32
        var count: Int32
    }

    enum PatternKind: UInt8 {
        case literal, null, fieldReference, other
    }

    /// A value test: a literal compared as `match` (`first..<first+count` in `bytes`), null, a field reference
    /// (`first` is the other slot, `match` how values compare), or another pattern (`first` is its index in
    /// `others`).
    struct Pattern {
        var kind: PatternKind
        var match: StringMatch
        var cased: Bool
        var first: Int32
        var count: Int32
        /// For a literal whose needle is one of its variant's witnesses (so every plan that holds the variant scans
        /// for it), the needle's engine-wide number; -1 otherwise. When the pre-filter ran and did not find that
        /// needle anywhere in the event, the literal cannot match and is not compared.
        var needle: Int32 = -1
    }

    /// A field test: its slot and patterns, and its modifiers.
    struct Matcher {
        var slot: Int32
        var patterns: Span
        var requireAll: Bool
        var negate: Bool
        /// 0: a value test; 1: `exists: true`; 2: `exists: false`.
        var existence: UInt8
        /// The result for an absent field (decided at build time from the patterns and modifiers).
        var absentResult: Bool
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let children: UnsafeMutableBufferPointer<Int32>
    let searches: UnsafeMutableBufferPointer<Span>
    let alternatives: UnsafeMutableBufferPointer<Span>
    let matchers: UnsafeMutableBufferPointer<Matcher>
    let patterns: UnsafeMutableBufferPointer<Pattern>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let others: UnsafeMutableBufferPointer<ValuePattern>
    /// Per variant: its root node, its rule, whether it is always evaluated, whether it reads keywords.
    let roots: UnsafeMutableBufferPointer<Int32>
    let ruleOf: UnsafeMutableBufferPointer<Int32>
    let alwaysEvaluate: UnsafeMutableBufferPointer<Bool>
    let usesKeywords: UnsafeMutableBufferPointer<Bool>
    /// Per variant: whether it has a case-insensitive regular expression (see ``DetectionWorker/Exhaustiveness``).
    let foldingRegexes: UnsafeMutableBufferPointer<Bool>
    /// Per variant: one bit per witness clause; the pre-filter must find a needle of each before it is evaluated.
    let clauseMask: UnsafeMutableBufferPointer<UInt8>

    /// `needlesOf[v]` are variant `v`'s witness needles (folded), `needleNumbers` the engine-wide number of each,
    /// `clauseCounts[v]` how many witness clauses (at most 8) the variant's needles form.
    init(
        variants: [CompiledVariant], alwaysEvaluate always: [Bool], usesKeywords keywords: [Bool],
        needlesOf: [[[UInt8]]], needleNumbers: [[UInt8]: Int32], clauseCounts: [Int]
    ) {
        precondition(clauseCounts.allSatisfy { $0 <= 8 }, "a variant's clauses must fit a byte")
        var builder = Builder()
        var roots: [Int32] = []
        var rules: [Int32] = []
        var folding: [Bool] = []
        for variant in variants {
            folding.append(
                variant.searches.contains { search in
                    search.alternatives.contains { alternative in
                        alternative.contains { matcher in
                            matcher.patterns.contains { if case .regex(let regex) = $0 { regex.ignoresCase } else { false } }
                        }
                    }
                })
            let base = Int32(builder.searches.count)
            builder.witnesses = [:]
            for needle in needlesOf[roots.count] { builder.witnesses[needle] = needleNumbers[needle] }
            for search in variant.searches { builder.add(search) }
            roots.append(builder.add(variant.condition, searchBase: base))
            rules.append(Int32(variant.ruleIndex))
        }
        nodes = Self.copy(builder.nodes)
        children = Self.copy(builder.children)
        searches = Self.copy(builder.searches)
        alternatives = Self.copy(builder.alternatives)
        matchers = Self.copy(builder.matchers)
        patterns = Self.copy(builder.patterns)
        bytes = Self.copy(builder.bytes)
        others = Self.copy(builder.others)
        self.roots = Self.copy(roots)
        ruleOf = Self.copy(rules)
        alwaysEvaluate = Self.copy(always)
        usesKeywords = Self.copy(keywords)
        foldingRegexes = Self.copy(folding)
        clauseMask = Self.copy(clauseCounts.map { UInt8(truncatingIfNeeded: (1 << $0) - 1) })
    }

    deinit {
        nodes.deallocate()
        children.deallocate()
        searches.deallocate()
        alternatives.deallocate()
        matchers.deallocate()
        patterns.deallocate()
        bytes.deallocate()
        _ = others.deinitialize()
        others.deallocate()
        roots.deallocate()
        ruleOf.deallocate()
        alwaysEvaluate.deallocate()
        usesKeywords.deallocate()
        foldingRegexes.deallocate()
        clauseMask.deallocate()
    }

    private static func copy<Element>(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }

    /// Builds the flat arrays from the compiled tree.
    private struct Builder {
        var nodes: [Node] = []
        var children: [Int32] = []
        var searches: [Span] = []
        var alternatives: [Span] = []
        var matchers: [Matcher] = []
        var patterns: [Pattern] = []
        var bytes: [UInt8] = []
        var others: [ValuePattern] = []
        /// The witness needles of the variant being added, with their engine-wide numbers.
        var witnesses: [[UInt8]: Int32] = [:]

        mutating func add(_ search: CompiledSearch) {
            searches.append(Span(first: Int32(alternatives.count), count: Int32(search.alternatives.count)))
            for alternative in search.alternatives {
                alternatives.append(Span(first: Int32(matchers.count), count: Int32(alternative.count)))
                for matcher in alternative { add(matcher) }
            }
        }

        mutating func add(_ matcher: FieldMatcher) {
            let first = Int32(patterns.count)
            for pattern in matcher.patterns { add(pattern) }
            let isNull = matcher.patterns.map { if case .null = $0 { true } else { false } }
            let absent =
                matcher.negate ? false : matcher.requireAll ? isNull.allSatisfy { $0 } : isNull.contains(true)
            let existence: UInt8 = matcher.existence.map { $0 ? 1 : 2 } ?? 0
            matchers.append(
                Matcher(
                    slot: Int32(matcher.slot), patterns: Span(first: first, count: Int32(matcher.patterns.count)),
                    requireAll: matcher.requireAll, negate: matcher.negate, existence: existence,
                    absentResult: existence == 2 ? true : existence == 1 ? false : absent))
        }

        mutating func add(_ pattern: ValuePattern) {
            switch pattern {
            case .literal(let match, let needle, let cased):
                var number: Int32 = -1
                if !witnesses.isEmpty, let witness = Witness.needle(needle).map(ValueCompiler.fold) {
                    number = witnesses[witness] ?? -1
                }
                patterns.append(
                    Pattern(
                        kind: .literal, match: match, cased: cased, first: Int32(bytes.count),
                        count: Int32(needle.count), needle: number))
                bytes += needle
            case .null:
                patterns.append(Pattern(kind: .null, match: .equals, cased: false, first: 0, count: 0))
            case .fieldReference(let match, let slot, let cased):
                patterns.append(Pattern(kind: .fieldReference, match: match, cased: cased, first: Int32(slot), count: 0))
            case .glob, .regex, .cidr, .compare, .time:
                patterns.append(Pattern(kind: .other, match: .equals, cased: false, first: Int32(others.count), count: 0))
                others.append(pattern)
            }
        }

        /// Adds `condition` (its search indices relative to `searchBase`) and returns its node.
        mutating func add(_ condition: CompiledCondition, searchBase: Int32) -> Int32 {
            switch condition {
            case .search(let index):
                nodes.append(Node(operation: .search, first: searchBase + Int32(index), count: 0))
            case .constant(let value):
                nodes.append(Node(operation: .constant, first: value ? 1 : 0, count: 0))
            case .not(let inner):
                let child = add(inner, searchBase: searchBase)
                nodes.append(Node(operation: .not, first: child, count: 0))
            case .and(let terms), .or(let terms):
                let operation: Operation = if case .and = condition { .and } else { .or }
                let nodesOfTerms = terms.map { add($0, searchBase: searchBase) }
                nodes.append(Node(operation: operation, first: Int32(children.count), count: Int32(terms.count)))
                children += nodesOfTerms
            }
            return Int32(nodes.count - 1)
        }
    }
}

extension FlatProgram {
    /// Whether variant `variant`'s condition holds for the event behind `source`.
    @inline(__always)
    func matches<Source: SlotValueSource>(variant: Int, _ source: inout Source) -> Bool {
        evaluate(node: Int(roots[variant]), &source)
    }

    private func evaluate<Source: SlotValueSource>(node index: Int, _ source: inout Source) -> Bool {
        let node = nodes[index]
        switch node.operation {
        case .search: return search(Int(node.first), &source)
        case .and:
            for position in Int(node.first)..<Int(node.first + node.count)
            where !evaluate(node: Int(children[position]), &source) {
                return false
            }
            return true
        case .or:
            for position in Int(node.first)..<Int(node.first + node.count)
            where evaluate(node: Int(children[position]), &source) {
                return true
            }
            return false
        case .not: return !evaluate(node: Int(node.first), &source)
        case .constant: return node.first != 0
        }
    }

    @inline(__always)
    private func search<Source: SlotValueSource>(_ index: Int, _ source: inout Source) -> Bool {
        let search = searches[index]
        for alternative in Int(search.first)..<Int(search.first + search.count) {
            let span = alternatives[alternative]
            var all = true
            for matcher in Int(span.first)..<Int(span.first + span.count) where !matches(matcher: matcher, &source) {
                all = false
                break
            }
            if all { return true }
        }
        return false
    }

    private func matches<Source: SlotValueSource>(matcher index: Int, _ source: inout Source) -> Bool {
        let matcher = matchers[index]
        let range = source.values(of: Int(matcher.slot))
        if range.isEmpty { return matcher.absentResult }
        if matcher.existence != 0 {
            var present = false
            for value in range where !source.withValue(value, { _, _, isNull in isNull }) {
                present = true
                break
            }
            return present == (matcher.existence == 1)
        }
        let first = Int(matcher.patterns.first)
        let end = first + Int(matcher.patterns.count)
        if matcher.negate {
            for pattern in first..<end {
                // `neq|fieldref` with the other field absent: nothing to differ from, as for an absent field itself.
                if patterns[pattern].kind == .fieldReference, source.values(of: Int(patterns[pattern].first)).isEmpty {
                    return false
                }
                if matchesAny(pattern, range, &source) { return false }
            }
            return true
        }
        if matcher.requireAll {
            for pattern in first..<end where !matchesAny(pattern, range, &source) { return false }
            return true
        }
        for pattern in first..<end where matchesAny(pattern, range, &source) { return true }
        return false
    }

    @inline(__always)
    private func matchesAny<Source: SlotValueSource>(_ index: Int, _ range: Range<Int>, _ source: inout Source) -> Bool {
        let pattern = patterns[index]
        switch pattern.kind {
        case .literal:
            if pattern.needle >= 0 && source.isAbsent(needle: Int(pattern.needle)) { return false }
            let needle = UnsafeBufferPointer(rebasing: bytes[Int(pattern.first)..<Int(pattern.first + pattern.count)])
            for value in range {
                let hit = source.withValue(value) { raw, folded, isNull in
                    !isNull && ByteMatch.compare(pattern.match, pattern.cased ? raw : folded, needle)
                }
                if hit { return true }
            }
            return false
        case .null:
            for value in range where source.withValue(value, { raw, _, isNull in isNull || raw.isEmpty }) {
                return true
            }
            return false
        case .fieldReference:
            let others = source.values(of: Int(pattern.first))
            for value in range {
                for other in others {
                    let hit = source.withValue(value) { raw, folded, _ in
                        source.withValue(other) { otherRaw, otherFolded, _ in
                            ByteMatch.compare(
                                pattern.match, pattern.cased ? raw : folded, pattern.cased ? otherRaw : otherFolded)
                        }
                    }
                    if hit { return true }
                }
            }
            return false
        case .other:
            let other = others.baseAddress.unsafelyUnwrapped + Int(pattern.first)
            for value in range {
                let hit = source.withValue(value) { raw, folded, isNull in
                    other.pointee.matches(raw: raw, folded: folded, isNull: isNull)
                }
                if hit { return true }
            }
            return false
        }
    }
}
