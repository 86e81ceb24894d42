import TocsinCore
import Yams

/// Reading correlation documents (a `correlation:` section instead of `detection:`).
extension DocumentReader {
    /// Reads a correlation document; nil (with diagnostics) when it is rejected.
    mutating func readCorrelation(_ mapping: Node.Mapping, document: Node) -> CorrelationRule? {
        ruleID = mapping["id"]?.string
        guard let title = mapping["title"]?.string, !title.isEmpty else {
            error("T102", "the correlation has no title", hint: "add a 'title:' line", at: document)
            return nil
        }
        guard let sectionNode = mapping["correlation"], let section = sectionNode.mapping else {
            error("T120", "'correlation' must be a mapping with type, rules, timespan and condition",
                at: mapping["correlation"])
            return nil
        }
        let id = mapping["id"]?.string ?? mapping["name"]?.string ?? "\(path)#\(title)"
        var level = Level.medium
        if let levelNode = mapping["level"] {
            guard let name = levelNode.string, let parsed = Level(name: name) else {
                error("T106", "unknown level '\(levelNode.string ?? "")'",
                    hint: "use informational, low, medium, high or critical", at: levelNode)
                return nil
            }
            level = parsed
        }
        for (keyNode, _) in section {
            guard let key = keyNode.string else { continue }
            let known = ["type", "rules", "group-by", "timespan", "condition", "aliases", "generate", "field"]
            if !known.contains(key) {
                let suggestion = known.min { editDistance($0, key) < editDistance($1, key) }
                error("T121", "unknown key '\(key)' in the correlation section",
                    hint: suggestion.map { "did you mean '\($0)'?" }, at: keyNode)
                return nil
            }
        }
        guard let typeNode = section["type"], let typeName = typeNode.string else {
            error("T121", "the correlation has no 'type'",
                hint: "one of " + CorrelationType.allCases.map(\.rawValue).joined(separator: ", "), at: sectionNode)
            return nil
        }
        guard let type = CorrelationType(rawValue: typeName) else {
            let suggestion = CorrelationType.allCases.map(\.rawValue).min {
                editDistance($0, typeName) < editDistance($1, typeName)
            }
            error("T121", "unknown correlation type '\(typeName)'", hint: suggestion.map { "did you mean '\($0)'?" },
                at: typeNode)
            return nil
        }
        guard let rules = strings(section["rules"]), !rules.isEmpty else {
            error("T122", "the correlation names no rules", hint: "list rule ids or names under 'rules'",
                at: section["rules"] ?? sectionNode)
            return nil
        }
        var groupBy: [String] = []
        if let groupNode = section["group-by"] {
            guard let fields = strings(groupNode) else {
                error("T122", "'group-by' must be a field name or a list of them", at: groupNode)
                return nil
            }
            groupBy = fields
        }
        guard let timespanNode = section["timespan"] else {
            error("T123", "the correlation has no 'timespan'", hint: "e.g. 'timespan: 5m' (s, m, h, d, w)",
                at: sectionNode)
            return nil
        }
        guard let timespan = timespanNode.string.flatMap(Self.seconds), timespan > 0 else {
            error("T123", "invalid timespan '\(timespanNode.string ?? "")'",
                hint: "a number and a unit: s, m, h, d or w (e.g. 90m)", at: timespanNode)
            return nil
        }
        var comparisons: [CorrelationComparison] = []
        var field = section["field"]?.string
        var percentile: Double?
        if let conditionNode = section["condition"] {
            guard let condition = conditionNode.mapping else {
                error("T124", "'condition' must be a mapping such as 'gte: 10'", at: conditionNode)
                return nil
            }
            for (keyNode, valueNode) in condition {
                guard let key = keyNode.string else { continue }
                if key == "field" {
                    field = valueNode.string
                    continue
                }
                if key == "percentile" {
                    guard let value = valueNode.string.flatMap(Double.init), value >= 0, value <= 100 else {
                        error("T124", "'percentile' must be a number from 0 to 100", at: valueNode)
                        return nil
                    }
                    percentile = value
                    continue
                }
                guard let op = CorrelationComparison.Operator(rawValue: key) else {
                    error("T124", "unknown condition operator '\(key)'", hint: "use gt, gte, lt, lte, eq or neq",
                        at: keyNode)
                    return nil
                }
                guard let value = valueNode.string.flatMap(Double.init) else {
                    error("T124", "the value of '\(key)' must be a number", at: valueNode)
                    return nil
                }
                comparisons.append(CorrelationComparison(op, value))
            }
        }
        switch type {
        case .temporal, .temporalOrdered:
            // Default: every referenced rule must have matched.
            if comparisons.isEmpty { comparisons = [CorrelationComparison(.gte, Double(rules.count))] }
        default:
            guard !comparisons.isEmpty else {
                error("T124", "\(type.rawValue) correlations need a condition", hint: "e.g. 'condition: {gte: 10}'",
                    at: section["condition"] ?? sectionNode)
                return nil
            }
        }
        if type.needsField && field == nil {
            error("T124", "\(type.rawValue) correlations need 'field' in their condition",
                hint: "the field whose values are measured, e.g. 'field: TargetUserName'",
                at: section["condition"] ?? sectionNode)
            return nil
        }
        if type == .valuePercentile && percentile == nil {
            error("T124", "value_percentile correlations need 'percentile' in their condition", hint: "e.g. 'percentile: 95'",
                at: section["condition"] ?? sectionNode)
            return nil
        }
        if type == .valueMedian { percentile = 50 }
        var aliases: [String: [String: String]] = [:]
        if let aliasesNode = section["aliases"] {
            guard let aliasMapping = aliasesNode.mapping else {
                error("T125", "'aliases' must map alias names to rule names and fields", at: aliasesNode)
                return nil
            }
            for (aliasNode, targetsNode) in aliasMapping {
                guard let alias = aliasNode.string, let targets = targetsNode.mapping else {
                    error("T125", "an alias must map rule names to field names", at: targetsNode)
                    return nil
                }
                var byRule: [String: String] = [:]
                for (ruleNode, fieldNode) in targets {
                    guard let rule = ruleNode.string, let name = fieldNode.string else {
                        error("T125", "an alias entry must be 'rule_name: field'", at: fieldNode)
                        return nil
                    }
                    byRule[rule] = name
                }
                aliases[alias] = byRule
            }
        }
        let generateNode = section["generate"] ?? mapping["generate"]
        var generate = false
        if let generateNode {
            switch generateNode.string?.lowercased() {
            case "true", "yes": generate = true
            case "false", "no": generate = false
            default:
                error("T121", "'generate' must be true or false", at: generateNode)
                return nil
            }
        }
        return CorrelationRule(
            id: id, title: title, name: mapping["name"]?.string, level: level,
            tags: mapping["tags"]?.sequence?.compactMap { $0.string } ?? [], type: type, rules: rules, groupBy: groupBy,
            timespan: timespan, condition: comparisons, field: field, percentile: percentile, aliases: aliases,
            generate: generate, location: location(document))
    }

    /// A string or a list of strings.
    private func strings(_ node: Node?) -> [String]? {
        guard let node else { return nil }
        if let text = node.string { return [text] }
        guard let sequence = node.sequence else { return nil }
        let items = sequence.compactMap { $0.string }
        return items.count == sequence.count ? items : nil
    }

    /// `30s`, `5m`, `2h`, `1d`, `1w` in seconds.
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let number = Double(text.dropLast()), number.isFinite else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        case "w": return number * 604_800
        default: return nil
        }
    }
}
