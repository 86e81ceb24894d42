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

    /// The longest run of printable text in `bytes`, written as it appears inside a JSON string.
    ///
    /// Non-ASCII characters may be part of the run only when `caselessNonASCII` allows them and every non-ASCII
    /// character in `bytes` is caseless (emoji, dashes, symbols): then the folded value can hold them only where the
    /// raw value has the same bytes. A cased one (`é`, `Ä`) folds in ways a byte-wise ASCII fold of the raw event
    /// cannot follow, so such a literal names no needle. The event's text may still write a caseless character as a
    /// `\u` escape; ``DetectionWorker/Exhaustiveness`` sends such events past the pre-filter. Regular expressions
    /// pass `false`: their case-insensitive matching uses full case folding, in which some cased characters expand
    /// to caseless ones (`ŉ` to `ʼn`).
    static func needle(_ bytes: [UInt8], caselessNonASCII: Bool = true) -> [UInt8]? {
        if bytes.contains(where: { $0 >= 0x80 }) {
            guard caselessNonASCII, let text = String(validating: bytes, as: UTF8.self),
                text.unicodeScalars.allSatisfy({ $0.isASCII || !$0.properties.changesWhenCaseMapped })
            else { return nil }
        }
        var best: ArraySlice<UInt8> = []
        var start = 0
        for index in 0...bytes.count {
            let printable = index < bytes.count && bytes[index] >= 0x20 && bytes[index] != 0x7F
            if !printable {
                if index - start > best.count { best = bytes[start..<index] }
                start = index + 1
            }
        }
        guard !best.isEmpty else { return nil }
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
