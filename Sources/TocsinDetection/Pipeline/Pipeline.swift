import Foundation
import TocsinCore
import Yams

/// Which events a rule variant sees, decided from the event's channel and event id before any matching.
public enum Guard: Sendable, Hashable {
    /// Events of one of these channels (lower case) and, when the set is not empty, one of these event ids.
    case channels(Set<String>, eventIDs: Set<Int>)
    /// Every event that has a Windows channel.
    case anyChannel
    /// Only events without a Windows channel (flat JSON from other products).
    case noChannel
    /// Every event.
    case any
    /// No event: the rule loads but its log source is not mapped.
    case never
}

/// One shape of event a rule is tried on, e.g. Sysmon event 1 or Security event 4688 for `process_creation`.
public struct PipelineVariant: Sendable {
    public var name: String
    public var guardCondition: Guard
    /// Renames of the rule's field names for this shape.
    public var fieldMappings: [String: String]
    /// Fields this shape cannot express; a rule reading one skips the variant.
    public var unsupportedFields: Set<String>
}

/// One `logsources` entry: the keys it names and the variants it gives.
public struct LogSourceMapping: Sendable {
    public var logSource: LogSource
    public var variants: [PipelineVariant]
}

/// A processing pipeline kept as data: where fields live, how log sources map to guards, placeholder values.
public struct Pipeline: Sendable {
    public var name: String
    /// Path templates tried in order for any field; `{field}` stands for the field name.
    public var pathTemplates: [String]
    /// Explicit paths for fields the templates do not find.
    public var fieldPaths: [String: [String]]
    /// Paths of the fields every detection record reports (`timestamp`, `host`).
    public var recordFields: [String: [String]]
    public var placeholders: [String: [String]]
    /// What unmapped log sources see, by product (`default` for the rest).
    public var unmapped: [String: Guard]
    public var logSources: [LogSourceMapping]

    /// The pipeline that ships with Tocsin for Windows event logs (evtx_dump JSON and flat JSON).
    public static func builtinWindows() throws -> Pipeline {
        guard let url = Bundle.module.url(forResource: "windows", withExtension: "yml", subdirectory: "pipelines")
        else {
            throw PipelineError(message: "the built-in pipeline 'windows.yml' is missing from the installation")
        }
        return try load(from: url)
    }

    /// Loads a pipeline YAML file.
    public static func load(from url: URL) throws -> Pipeline {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw PipelineError(message: "cannot read pipeline \(url.path): \(error.localizedDescription)")
        }
        return try parse(text, path: url.path)
    }

    /// Parses pipeline YAML; errors name the file, line and key.
    public static func parse(_ text: String, path: String) throws -> Pipeline {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw PipelineError(message: "\(path): invalid YAML: \(error)")
        }
        guard let mapping = root?.mapping else {
            throw PipelineError(message: "\(path): a pipeline must be a YAML mapping")
        }
        func place(_ node: Node?) -> String {
            guard let mark = node?.mark else { return path }
            return "\(path):\(mark.line):\(mark.column)"
        }
        func strings(_ node: Node?) -> [String] {
            guard let node else { return [] }
            if let sequence = node.sequence { return sequence.compactMap { $0.string } }
            return node.string.map { [$0] } ?? []
        }
        func stringLists(_ node: Node?) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for (key, value) in node?.mapping ?? [:] {
                if let name = key.string { result[name] = strings(value) }
            }
            return result
        }
        func guardValue(_ node: Node?) throws -> Guard {
            guard let node else { return .any }
            if let word = node.string {
                switch word {
                case "any": return .any
                case "any-channel": return .anyChannel
                case "no-channel": return .noChannel
                case "never": return .never
                default:
                    throw PipelineError(
                        message: "\(place(node)): unknown guard '\(word)' (use any, any-channel, no-channel, never "
                            + "or a map with channel and eventid)")
                }
            }
            guard let map = node.mapping else { throw PipelineError(message: "\(place(node)): invalid guard") }
            let channels = Set(strings(map["channel"]).map { $0.lowercased() })
            var ids = Set<Int>()
            for item in map["eventid"]?.sequence ?? [] {
                guard let id = item.int else {
                    throw PipelineError(message: "\(place(item)): an event id must be a number")
                }
                ids.insert(id)
            }
            if channels.isEmpty { throw PipelineError(message: "\(place(node)): a guard map needs 'channel'") }
            return .channels(channels, eventIDs: ids)
        }
        var unmapped: [String: Guard] = [:]
        for (key, value) in mapping["unmapped"]?.mapping ?? [:] {
            if let product = key.string { unmapped[product.lowercased()] = try guardValue(value) }
        }
        var logSources: [LogSourceMapping] = []
        for entry in mapping["logsources"]?.sequence ?? [] {
            guard let map = entry.mapping else {
                throw PipelineError(message: "\(place(entry)): a logsources entry must be a mapping")
            }
            var variants: [PipelineVariant] = []
            for (index, variantNode) in (map["variants"]?.sequence ?? []).enumerated() {
                guard let variant = variantNode.mapping else {
                    throw PipelineError(message: "\(place(variantNode)): a variant must be a mapping")
                }
                var renames: [String: String] = [:]
                for (key, value) in variant["fieldmappings"]?.mapping ?? [:] {
                    if let from = key.string, let to = value.string { renames[from] = to }
                }
                let unsupported = Set(strings(variant["unsupportedfields"]))
                variants.append(
                    PipelineVariant(
                        name: variant["name"]?.string ?? "variant\(index + 1)",
                        guardCondition: try guardValue(variant["guard"]), fieldMappings: renames, unsupportedFields: unsupported))
            }
            if variants.isEmpty { throw PipelineError(message: "\(place(entry)): a logsources entry needs variants") }
            logSources.append(
                LogSourceMapping(
                    logSource: LogSource(
                        product: map["product"]?.string, category: map["category"]?.string,
                        service: map["service"]?.string),
                    variants: variants))
        }
        return Pipeline(
            name: mapping["name"]?.string ?? "unnamed",
            pathTemplates: strings(mapping["paths"]).isEmpty ? ["{field}"] : strings(mapping["paths"]),
            fieldPaths: stringLists(mapping["fieldpaths"]),
            recordFields: stringLists(mapping["recordfields"]),
            placeholders: stringLists(mapping["placeholders"]),
            unmapped: unmapped,
            logSources: logSources)
    }

    /// The variants a rule with this log source is tried on, or nil when no entry maps it.
    public func variants(for source: LogSource) -> [PipelineVariant]? {
        var best: [LogSourceMapping] = []
        var bestKeys = 0
        for mapping in logSources {
            let entry = mapping.logSource
            var keys = 0
            if let product = entry.product {
                guard product == source.product else { continue }
                keys += 1
            }
            if let category = entry.category {
                guard category == source.category else { continue }
                keys += 1
            } else if source.category != nil {
                continue
            }
            if let service = entry.service {
                guard service == source.service else { continue }
                keys += 1
            } else if source.service != nil, entry.category == nil {
                continue
            }
            if keys > bestKeys {
                best = [mapping]
                bestKeys = keys
            } else if keys == bestKeys {
                best.append(mapping)
            }
        }
        if best.isEmpty { return nil }
        return best.flatMap(\.variants)
    }

    /// The guard for a log source that no entry maps.
    public func unmappedGuard(for source: LogSource) -> Guard {
        unmapped[source.product ?? ""] ?? unmapped["default"] ?? .any
    }

    /// The paths where `field` is looked up, in order.
    public func paths(for field: String) -> [String] {
        var result = fieldPaths[field] ?? []
        for template in pathTemplates {
            let path = template.replacingOccurrences(of: "{field}", with: field)
            if !result.contains(path) { result.append(path) }
        }
        return result
    }
}

/// A pipeline that cannot be read.
public struct PipelineError: TocsinError {
    public var message: String
    public var code: String { "T200" }
}
