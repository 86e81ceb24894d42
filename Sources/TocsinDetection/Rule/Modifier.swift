import TocsinCore

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
