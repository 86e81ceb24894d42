/// Literals that must occur in an event's raw JSON text for a condition to hold (rsigma's "witnesses").
///
/// A witness is an over-approximation: if the condition holds, at least one of its literals occurs in the
/// event's JSON text (ignoring ASCII case). The engine evaluates a variant only for events where the
/// multi-pattern matcher found one of them. `nil` means no literal can be named and the variant is always evaluated.
enum Witness {
    static func of(_ condition: CompiledCondition, _ searches: [CompiledSearch]) -> [[UInt8]]? {
        switch condition {
        case .search(let index): return of(searches[index])
        case .and(let terms): return best(terms.map { of($0, searches) })
        case .or(let terms): return union(terms.map { of($0, searches) })
        case .not: return nil
        case .constant(let value): return value ? nil : []
        }
    }

    static func of(_ search: CompiledSearch) -> [[UInt8]]? {
        union(search.alternatives.map { alternative in best(alternative.map(of)) })
    }

    static func of(_ matcher: FieldMatcher) -> [[UInt8]]? {
        if matcher.negate || matcher.existence != nil { return nil }
        let perPattern = matcher.patterns.map(of)
        if matcher.requireAll { return best(perPattern) }
        return union(perPattern)
    }

    static func of(_ pattern: ValuePattern) -> [[UInt8]]? {
        switch pattern {
        case .literal(_, let bytes, _): return needle(bytes).map { [$0] }
        case .glob(let tokens, _):
            var longest: [UInt8]?
            for case .literal(let bytes) in tokens {
                if let candidate = needle(bytes), candidate.count > (longest?.count ?? 0) { longest = candidate }
            }
            return longest.map { [$0] }
        case .regex(let regex):
            guard let required = RegexLiterals.mostSelective(regex.required) else { return nil }
            var needles: [[UInt8]] = []
            for literal in required {
                guard let needle = needle(literal, caselessNonASCII: false) else { return nil }
                needles.append(needle)
            }
            return needles
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

    /// Any one of several witnesses that must all hold: the most selective.
    static func best(_ options: [[[UInt8]]?]) -> [[UInt8]]? {
        var chosen: [[UInt8]]?
        for case let option? in options {
            guard let current = chosen else {
                chosen = option
                continue
            }
            if score(option) > score(current) { chosen = option }
        }
        return chosen
    }

    /// Witnesses of alternatives: all their literals; unknown if any alternative is unknown.
    static func union(_ options: [[[UInt8]]?]) -> [[UInt8]]? {
        var all: [[UInt8]] = []
        for option in options {
            guard let option else { return nil }
            all += option
        }
        return all
    }

    /// Higher is more selective: longer shortest literal first, then fewer literals.
    private static func score(_ witness: [[UInt8]]) -> Double {
        if witness.isEmpty { return .infinity }
        let shortest = witness.map(\.count).min() ?? 0
        return Double(min(shortest, 12)) * 1000 - Double(witness.count)
    }
}
