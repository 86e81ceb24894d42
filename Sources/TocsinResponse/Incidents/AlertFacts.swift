import Foundation
import TocsinCore

/// What incident grouping needs to know of an alert: which rule, how severe, where, when, and its ATT&CK tags.
public struct AlertFacts: Sendable, Hashable {
    /// The alert's unique key (the store de-duplicates alerts by it).
    public var id: String
    public var ruleID: String
    public var ruleTitle: String
    public var level: Level
    /// Tags as the rule writes them (`attack.credential_access`, `attack.t1003.001`, …).
    public var tags: [String] { didSet { tactics = Self.tactics(of: tags) } }
    public var host: String?
    /// Event time of the alert.
    public var time: Date
    /// The ATT&CK tactics among the tags (`attack.credential_access` → `credential_access`), technique tags left out.
    public private(set) var tactics: Set<String>

    /// Creates alert facts.
    public init(
        id: String, ruleID: String, ruleTitle: String, level: Level, tags: [String] = [], host: String?, time: Date
    ) {
        self.init(
            id: id, ruleID: ruleID, ruleTitle: ruleTitle, level: level, tags: tags, tactics: Self.tactics(of: tags),
            host: host, time: time)
    }

    /// Creates alert facts whose tactics are known: `tactics` must be ``tactics(of:)`` of `tags` (the pipeline,
    /// which files many alerts of each rule, works them out once per rule).
    public init(
        id: String, ruleID: String, ruleTitle: String, level: Level, tags: [String], tactics: Set<String>,
        host: String?, time: Date
    ) {
        self.id = id
        self.ruleID = ruleID
        self.ruleTitle = ruleTitle
        self.level = level
        self.tags = tags
        self.tactics = tactics
        self.host = host
        self.time = time
    }

    /// The ATT&CK tactics among `tags` (`attack.credential_access` → `credential_access`), technique, group and
    /// software tags left out.
    public static func tactics(of tags: [String]) -> Set<String> {
        Set(
            tags.compactMap { tag in
                let lower = tag.lowercased()
                guard lower.hasPrefix("attack.") else { return nil }
                let name = String(lower.dropFirst("attack.".count))
                // Techniques are t1234 or t1234.001; groups g0001, software s0001.
                if let first = name.first, "tgs".contains(first), name.dropFirst().first?.isNumber == true {
                    return nil
                }
                // Without Foundation's replacingOccurrences, which bridged every tag of every alert on the pipeline.
                return name.contains("-") ? String(name.map { $0 == "-" ? "_" : $0 }) : name
            })
    }
}
