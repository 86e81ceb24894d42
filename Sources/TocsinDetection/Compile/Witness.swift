/// Literals that must occur in an event's raw JSON text for a condition to hold (rsigma's "witnesses"), as clauses
/// that must all hold, each by any one of its literals.
///
/// Each clause is an over-approximation: if the condition holds, at least one literal of every clause occurs in the
/// event's JSON text (ignoring ASCII case). A conjunction keeps the clauses of all its terms, so
/// `TargetImage|endswith: '\lsass.exe'` and `GrantedAccess: '0x1440'` must both be found, not only the longer of
/// them; a disjunction is one clause, the most selective clause of each branch joined. The engine evaluates a
/// variant only for events where the multi-pattern matcher found a literal of each of its clauses. `nil` means no
/// literal can be named and the variant is always evaluated; an empty clause, that the condition never holds.
enum Witness {
    /// Any one of these literals.
    typealias Clause = [[UInt8]]

    /// Clauses kept per variant, the most selective first (the engine tracks them in a byte per variant).
    static let maxClauses = 8

    static func of(_ condition: CompiledCondition, _ searches: [CompiledSearch]) -> [Clause]? {
        switch condition {
        case .search(let index): return of(searches[index])
        case .and(let terms): return all(terms.map { of($0, searches) })
        case .or(let terms): return any(terms.map { of($0, searches) })
        case .not: return nil
        case .constant(let value): return value ? nil : [[]]
        }
    }

    static func of(_ search: CompiledSearch) -> [Clause]? {
        any(search.alternatives.map { alternative in all(alternative.map(of)) })
    }

    static func of(_ matcher: FieldMatcher) -> [Clause]? {
        if matcher.negate || matcher.existence != nil { return nil }
        let perPattern = matcher.patterns.map(of)
        return matcher.requireAll ? all(perPattern) : any(perPattern)
    }

    static func of(_ pattern: ValuePattern) -> [Clause]? {
        switch pattern {
        case .literal(_, let bytes, _): return needle(bytes).map { [[$0]] }
        case .glob(let tokens, _):
            // Every literal piece of a wildcard pattern occurs in a value it matches.
            var clauses: [Clause] = []
            for case .literal(let bytes) in tokens {
                if let needle = needle(bytes) { clauses.append([needle]) }
            }
            return clauses.isEmpty ? nil : clauses
        case .regex(let regex):
            guard let required = RegexLiterals.mostSelective(regex.required) else { return nil }
            var needles: [[UInt8]] = []
            for literal in required {
                guard let needle = needle(literal, caselessNonASCII: false) else { return nil }
                needles.append(needle)
            }
            return [needles]
        case .cidr, .compare, .time, .null, .fieldReference: return nil
        }
    }

    /// The longest run in `bytes` that the raw event text must contain wherever the folded value contains the
    /// literal, written as it appears inside a JSON string; nil when there is none.
    ///
    /// A run holds printable ASCII and caseless non-ASCII characters (emoji, dashes, symbols, variation selectors):
    /// the folded value can hold those only where the raw value has the same bytes, up to ASCII case. Control
    /// characters (escaped in JSON) and cased non-ASCII characters (`é`, `Ä`, `Ⓜ`, which fold in ways a byte-wise
    /// ASCII fold of the raw event cannot follow) end a run. The event's text may still write a character as a `\u`
    /// escape; ``DetectionWorker/Exhaustiveness`` sends such events, and those with the few characters whose lower
    /// case is ASCII, past the pre-filter.
    ///
    /// Regular expressions pass `caselessNonASCII: false` and get no needle from a literal with any non-ASCII
    /// character: their case-insensitive matching uses full case folding, in which some non-ASCII characters expand
    /// to ASCII or caseless ones (`ŉ` to `ʼn`, `ẖ` to `h` and a combining mark).
    static func needle(_ bytes: [UInt8], caselessNonASCII: Bool = true) -> [UInt8]? {
        var runs: [ArraySlice<UInt8>] = []
        if bytes.allSatisfy({ $0 < 0x80 }) {
            runs = bytes.split(omittingEmptySubsequences: true) { $0 < 0x20 || $0 == 0x7F }
        } else {
            guard caselessNonASCII, let text = String(validating: bytes, as: UTF8.self) else { return nil }
            var start = 0
            var offset = 0
            for scalar in text.unicodeScalars {
                let width = UTF8.width(scalar)
                let breaks = scalar.isASCII ? scalar.value < 0x20 || scalar.value == 0x7F
                    : scalar.properties.changesWhenCaseMapped
                if breaks {
                    if offset > start { runs.append(bytes[start..<offset]) }
                    start = offset + width
                }
                offset += width
            }
            if offset > start { runs.append(bytes[start..<offset]) }
        }
        guard let best = runs.max(by: { $0.count < $1.count }) else { return nil }
        var escaped: [UInt8] = []
        for byte in best {
            if byte == 0x5C || byte == 0x22 { escaped.append(0x5C) }
            escaped.append(byte)
        }
        return escaped
    }

    /// Terms that must all hold: the clauses of every term that names any; unknown when none does.
    static func all(_ options: [[Clause]?]) -> [Clause]? {
        var clauses: [Clause]?
        for case let option? in options { clauses = (clauses ?? []) + option }
        return clauses
    }

    /// Alternatives: one clause, the most selective clause of each alternative joined (an alternative that never
    /// holds adds nothing); unknown if any alternative is unknown. A single alternative keeps all its clauses.
    static func any(_ options: [[Clause]?]) -> [Clause]? {
        if options.count == 1 { return options[0] }
        var joined: Clause = []
        for option in options {
            guard let option, let best = option.max(by: { selectivity($0) < selectivity($1) }) else { return nil }
            joined += best
        }
        return [joined]
    }

    /// Higher is more selective: longer shortest literal first, then fewer literals; a clause that can never hold
    /// (no literal) is the most selective of all.
    static func selectivity(_ clause: Clause) -> Double {
        if clause.isEmpty { return .infinity }
        let shortest = clause.map(\.count).min() ?? 0
        return Double(min(shortest, 12)) * 1000 - Double(clause.count)
    }
}
