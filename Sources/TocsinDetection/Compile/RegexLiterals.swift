/// Finds literal text that every match of a regular expression must contain.
///
/// Regular expressions are the slowest test a rule can make (ICU through `NSRegularExpression`). Most of SigmaHQ's
/// are anchored on plain words (`\\(Get|Set)-Item`, `cmd\.exe /c .*`). The literals found here let the engine skip
/// the regex for a value that lacks all of them, and serve as the rule's witnesses for the event pre-filter.
///
/// The analysis over-approximates by construction: it answers "some match must contain one of these strings",
/// or nil when it cannot tell. Anything it does not understand (classes, `\d`, look-arounds, back-references)
/// only ends a literal run; it never adds a requirement.
enum RegexLiterals {
    /// Sets of strings such that every match contains one string of each set (byte for byte, case as written),
    /// in this order and without overlap; empty when nothing is known.
    ///
    /// Only printable ASCII literals are returned, so case folding of them is plain ASCII folding.
    static func required(_ pattern: String) -> [[[UInt8]]] {
        var parser = Parser(bytes: Array(pattern.utf8))
        guard let result = parser.alternation(), parser.position == parser.bytes.count else { return [] }
        return result.all.compactMap(printablePieces)
    }

    /// The literal pieces of a pattern made only of literals and `.*` gaps (such as `\\+.*\\+.*\\+`), and whether it
    /// starts with `(?i)`; nil for any other pattern.
    ///
    /// On a value without line terminators (which `.` does not match), such a pattern matches exactly when the
    /// pieces occur in order without overlap, which ``containsInOrder(_:_:)`` decides in linear time, where a
    /// backtracking engine may take exponential time.
    static func gappedSequence(_ pattern: String) -> (pieces: [[UInt8]], ignoresCase: Bool)? {
        let bytes = Array(pattern.utf8)
        var index = 0
        var ignoresCase = false
        if bytes.starts(with: Array("(?i)".utf8)) {
            ignoresCase = true
            index = 4
        }
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        func isQuantifier(_ at: Int) -> Bool {
            at < bytes.count && [UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{")]
                .contains(bytes[at])
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                if !current.isEmpty { pieces.append(current) }
                current = []
                index += 2
                if index < bytes.count, bytes[index] == UInt8(ascii: "?") { index += 1 }
                continue
            }
            var literal = byte
            var width = 1
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count, Parser.isPlainEscape(bytes[index + 1]) else { return nil }
                literal = bytes[index + 1]
                width = 2
            } else if byte < 0x20 || byte >= 0x7F || Array("^$.*+?{}[]()|".utf8).contains(byte) {
                return nil
            }
            if isQuantifier(index + width) { return nil }
            current.append(literal)
            index += width
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.isEmpty ? nil : (pieces, ignoresCase)
    }

    /// The most selective of the sets, for the event pre-filter.
    static func mostSelective(_ sets: [[[UInt8]]]) -> [[UInt8]]? {
        sets.max { Parser.score($0) < Parser.score($1) }
    }

    /// Whether `value` contains one literal of each set, in order and without overlap (a necessary condition for a
    /// match). Each set is matched at its earliest possible end, which is optimal for the sets that follow.
    static func containsInOrder(_ sets: [[[UInt8]]], _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = 0
        for set in sets {
            var bestEnd = Int.max
            for literal in set {
                guard cursor <= value.count else { return false }
                let rest = UnsafeBufferPointer(rebasing: value[cursor...])
                if let offset = literal.withUnsafeBufferPointer({ ByteMatch.firstIndex(of: $0, in: rest) }) {
                    bestEnd = min(bestEnd, cursor + offset + literal.count)
                }
            }
            if bestEnd == Int.max { return false }
            cursor = bestEnd
        }
        return true
    }

    /// Each literal cut to its longest printable ASCII piece (any piece of a required literal is required too);
    /// nil when a literal has none.
    static func printablePieces(_ set: [[UInt8]]) -> [[UInt8]]? {
        guard !set.isEmpty else { return nil }
        var pieces: [[UInt8]] = []
        for literal in set {
            var best: ArraySlice<UInt8> = []
            var start = 0
            for index in 0...literal.count {
                let printable = index < literal.count && literal[index] >= 0x20 && literal[index] < 0x7F
                if !printable {
                    if index - start > best.count { best = literal[start..<index] }
                    start = index + 1
                }
            }
            guard !best.isEmpty else { return nil }
            pieces.append(Array(best))
        }
        return pieces
    }

    /// Whether the pattern sets options inline, such as `(?i)`, which may make it ignore case.
    static func hasInlineFlags(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "("), bytes[index + 1] == UInt8(ascii: "?") {
                let kind = bytes[index + 2]
                if kind != UInt8(ascii: ":") && kind != UInt8(ascii: "=") && kind != UInt8(ascii: "!")
                    && kind != UInt8(ascii: "<")
                {
                    return true
                }
            }
            index += 1
        }
        return false
    }

    /// What a piece of a pattern guarantees.
    struct Requirement {
        /// Every match of the piece contains one string of each set; empty when nothing is guaranteed.
        var all: [[[UInt8]]]
        /// The piece always matches exactly this text (a plain literal run), when it does.
        var exact: [UInt8]?

        static let nothing = Requirement(all: [], exact: nil)

        /// The most selective set.
        var best: [[UInt8]]? { all.max { Parser.score($0) < Parser.score($1) } }
    }

    struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// `a|b|c`: a requirement only when every branch has one.
        mutating func alternation() -> Requirement? {
            var branches: [Requirement] = []
            guard let first = sequence() else { return nil }
            branches.append(first)
            while position < bytes.count, bytes[position] == UInt8(ascii: "|") {
                position += 1
                guard let next = sequence() else { return nil }
                branches.append(next)
            }
            if branches.count == 1 { return branches[0] }
            var union: [[UInt8]] = []
            for branch in branches {
                guard let best = branch.best else { return .nothing }
                union += best
            }
            return Requirement(all: [union], exact: nil)
        }

        /// A concatenation up to `|`, `)` or the end.
        mutating func sequence() -> Requirement? {
            var candidates: [[[UInt8]]] = []
            var run: [UInt8] = []
            var allExact = true
            var whole: [UInt8] = []
            func endRun() {
                if !run.isEmpty { candidates.append([run]) }
                run = []
            }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "|") || byte == UInt8(ascii: ")") { break }
                // One atom: its requirement, and the literal text it matches exactly (if any).
                var atomExact: [UInt8]?
                var atomAll: [[[UInt8]]] = []
                var isAnchor = false
                switch byte {
                case UInt8(ascii: "("):
                    position += 1
                    var lookaround = false
                    if position < bytes.count, bytes[position] == UInt8(ascii: "?") {
                        position += 1
                        guard position < bytes.count else { return nil }
                        let kind = bytes[position]
                        if kind == UInt8(ascii: ":") {
                            position += 1
                        } else if kind == UInt8(ascii: "=") || kind == UInt8(ascii: "!") {
                            position += 1
                            lookaround = true
                        } else if kind == UInt8(ascii: "<") {
                            position += 1
                            if position < bytes.count,
                                bytes[position] == UInt8(ascii: "=") || bytes[position] == UInt8(ascii: "!")
                            {
                                position += 1
                                lookaround = true
                            } else {
                                // Named group: skip the name.
                                while position < bytes.count, bytes[position] != UInt8(ascii: ">") { position += 1 }
                                position += 1
                            }
                        } else {
                            // Inline flags such as (?i) or (?i:...): flags may change case matching, which the
                            // case-folded use of the literals tolerates; skip them.
                            while position < bytes.count, bytes[position] != UInt8(ascii: ")"),
                                bytes[position] != UInt8(ascii: ":")
                            {
                                // Free-spacing mode ignores spaces in the pattern: literal runs would be wrong.
                                if bytes[position] == UInt8(ascii: "x") { return nil }
                                position += 1
                            }
                            guard position < bytes.count else { return nil }
                            if bytes[position] == UInt8(ascii: ")") {
                                position += 1
                                isAnchor = true
                                // A flag group matches nothing itself.
                                endRun()
                                allExact = false
                                continue
                            }
                            position += 1
                        }
                    }
                    guard let inner = alternation(), position < bytes.count, bytes[position] == UInt8(ascii: ")")
                    else { return nil }
                    position += 1
                    if !lookaround {
                        atomAll = inner.all
                        atomExact = inner.exact
                    }
                    if lookaround { isAnchor = true }
                case UInt8(ascii: "["):
                    guard skipClass() else { return nil }
                case UInt8(ascii: "\\"):
                    guard position + 1 < bytes.count else { return nil }
                    let next = bytes[position + 1]
                    position += 2
                    if Self.isPlainEscape(next) {
                        atomExact = [next]
                    } else if next == UInt8(ascii: "b") || next == UInt8(ascii: "B") || next == UInt8(ascii: "A")
                        || next == UInt8(ascii: "Z") || next == UInt8(ascii: "z") || next == UInt8(ascii: "G")
                    {
                        isAnchor = true
                    } else if next == UInt8(ascii: "Q") {
                        // \Q...\E quotes literally.
                        var quoted: [UInt8] = []
                        while position < bytes.count {
                            if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count,
                                bytes[position + 1] == UInt8(ascii: "E")
                            {
                                position += 2
                                break
                            }
                            quoted.append(bytes[position])
                            position += 1
                        }
                        atomExact = quoted
                    } else if next == UInt8(ascii: "x") {
                        // \xHH or \x{H...}: one character, not taken as a literal.
                        if position < bytes.count, bytes[position] == UInt8(ascii: "{") {
                            while position < bytes.count, bytes[position] != UInt8(ascii: "}") { position += 1 }
                            position += 1
                        } else {
                            position += 2
                        }
                    } else if next == UInt8(ascii: "u") {
                        position += 4
                    } else if next == UInt8(ascii: "p") || next == UInt8(ascii: "P") || next == UInt8(ascii: "N")
                        || next == UInt8(ascii: "k") || next == UInt8(ascii: "c") || next == UInt8(ascii: "0")
                    {
                        // Escapes with arguments of several forms: too rare to be worth reading; give up.
                        return nil
                    }
                    // Anything else (\d, \w, \s, back-references, ...) is a class: no literal.
                case UInt8(ascii: "^"), UInt8(ascii: "$"):
                    position += 1
                    isAnchor = true
                case UInt8(ascii: "."):
                    position += 1
                case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                    // A quantifier with nothing before it: not a pattern this analysis understands.
                    return nil
                default:
                    position += 1
                    atomExact = [byte]
                }
                if isAnchor { continue }
                // The quantifier that follows, if any.
                var minimum = 1
                var maximum = 1
                if position < bytes.count {
                    switch bytes[position] {
                    case UInt8(ascii: "*"):
                        minimum = 0
                        maximum = Int.max
                        position += 1
                    case UInt8(ascii: "+"):
                        maximum = Int.max
                        position += 1
                    case UInt8(ascii: "?"):
                        minimum = 0
                        position += 1
                    case UInt8(ascii: "{"):
                        guard let (low, high) = counted() else { return nil }
                        minimum = low
                        maximum = high
                    default: break
                    }
                    // Lazy or possessive suffix.
                    if minimum != 1 || maximum != 1, position < bytes.count,
                        bytes[position] == UInt8(ascii: "?") || bytes[position] == UInt8(ascii: "+")
                    {
                        position += 1
                    }
                }
                if minimum == 0 {
                    endRun()
                    allExact = false
                    continue
                }
                if let exact = atomExact, minimum == 1, maximum == 1 {
                    run += exact
                    whole += exact
                    continue
                }
                // Required once at least, but not exactly: the run may include one copy, then ends.
                if let exact = atomExact, !exact.isEmpty {
                    run += exact
                    endRun()
                } else {
                    endRun()
                    candidates += atomAll
                }
                allExact = false
            }
            endRun()
            return Requirement(all: candidates, exact: allExact ? whole : nil)
        }

        /// Reads `{n}`, `{n,}` or `{n,m}`.
        mutating func counted() -> (Int, Int)? {
            var index = position + 1
            var low = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                low = low * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            guard digits > 0, index < bytes.count else { return nil }
            var high = low
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                high = Int.max
                var value = 0
                var highDigits = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    value = value * 10 + Int(bytes[index] - 0x30)
                    index += 1
                    highDigits += 1
                }
                if highDigits > 0 { high = value }
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
            position = index + 1
            return (low, high)
        }

        /// Skips a character class `[...]`, nested classes and escapes included.
        mutating func skipClass() -> Bool {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "^") { position += 1 }
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1 }
            var depth = 1
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\\") {
                    position += 2
                    continue
                }
                if byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return true
                    }
                }
                position += 1
            }
            return false
        }

        /// An escaped character that stands for itself: punctuation (not letters or digits).
        static func isPlainEscape(_ byte: UInt8) -> Bool {
            guard byte >= 0x20, byte < 0x7F else { return false }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isDigit = byte >= 0x30 && byte <= 0x39
            return !isLetter && !isDigit
        }

        /// Higher is more selective: a long shortest literal, then few alternatives.
        static func score(_ set: [[UInt8]]) -> Int {
            guard let shortest = set.map(\.count).min(), shortest > 0 else { return 0 }
            return min(shortest, 16) * 64 - min(set.count, 63)
        }
    }
}
