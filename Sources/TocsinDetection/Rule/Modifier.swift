/// A Sigma value modifier, written after a field name: `CommandLine|contains|all`.
public enum Modifier: String, Sendable, Hashable, CaseIterable {
    case contains, startswith, endswith, all
    case re, i, m, s
    case windash, cidr, base64, base64offset
    case utf16le, wide, utf16be, utf16
    case exists, cased, fieldref, neq, expand
    case lt, lte, gt, gte
    case minute, hour, day, week, month, year

    /// The modifier whose name is closest to `name`, to suggest in an error.
    public static func suggestion(for name: String) -> Modifier? {
        let lowered = name.lowercased()
        var best: (Modifier, Int)?
        for candidate in allCases {
            let distance = editDistance(lowered, candidate.rawValue)
            if distance <= max(2, candidate.rawValue.count / 3), distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }
}

/// Levenshtein distance between two short strings.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
