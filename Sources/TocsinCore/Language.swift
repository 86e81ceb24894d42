/// A language Tocsin writes to people in. German is authoritative: where both versions exist and differ, the German
/// one counts.
public enum Language: String, Sendable, CaseIterable, Codable, Comparable {
    case de
    case en

    /// German first, then English.
    public static func < (lhs: Language, rhs: Language) -> Bool { lhs == .de && rhs == .en }
}
