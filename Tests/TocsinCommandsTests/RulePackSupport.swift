import Foundation
import Testing
import TocsinCore
import TocsinDetection

@testable import TocsinCommands

/// One YAML document of a pack file, with the top-level keys the pack's conventions require.
struct PackDocument: CustomTestStringConvertible, Sendable {
    /// The file, relative to the pack's folder.
    var file: String
    var text: String

    var testDescription: String { "\(file): \(name ?? "?")" }

    /// The value of a top-level `key: value` line.
    func value(_ key: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix(key + ":") {
            let value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Whether the document has the top-level key (with a value or a block below it).
    func has(_ key: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix(key + ":") }
    }

    var id: String? { value("id") }
    var name: String? { value("name") }
    var level: String? { value("level") }
    var isCorrelation: Bool { has("correlation") }

    /// The indented `- item` lines under a top-level (or `correlation:`-level) key such as `tags` or `rules`.
    func list(_ key: String) -> [String] {
        var items: [String] = []
        var inside = false
        var keyIndent = 0
        for line in text.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            let content = line.trimmingCharacters(in: .whitespaces)
            if content == key + ":" {
                inside = true
                keyIndent = indent
                continue
            }
            guard inside else { continue }
            if content.hasPrefix("- ") && indent > keyIndent {
                items.append(String(content.dropFirst(2)).trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")))
            } else if indent <= keyIndent {
                inside = false
            }
        }
        return items
    }

    /// `correlation: type:` of a correlation document.
    var correlationType: String? {
        text.split(separator: "\n").first { $0.hasPrefix("    type:") }
            .map { $0.dropFirst("    type:".count).trimmingCharacters(in: .whitespaces) }
    }
}

/// The pack as written in the source tree, and its test cases.
enum Pack {
    /// The pack's folder in the source tree (`rules/` at the root links to it).
    static let sourceFolder = packageRoot + "/Sources/TocsinCommands/Resources/rules"
    /// The folder of the test cases: `<rule name>.fires.jsonl` and `<rule name>.benign.jsonl`.
    static let fixtures = packageRoot + "/Tests/TocsinCommandsTests/Fixtures/rule-pack"
    /// The estate's ordinary background, on which only the informational base rules may fire.
    static let background = fixtures + "/background.jsonl"

    /// Rule files relative to `folder`, sorted.
    static func relativeFiles(under folder: String) -> [String] {
        RuleSetLoader.ruleFiles([folder]).files.map { String($0.dropFirst(folder.count + 1)) }.sorted()
    }

    /// Every rule file of the pack, relative to the pack's folder.
    static let files = relativeFiles(under: sourceFolder)

    /// Every YAML document of every pack file.
    static let documents: [PackDocument] = files.flatMap { file -> [PackDocument] in
        let text = (try? String(contentsOfFile: sourceFolder + "/" + file, encoding: .utf8)) ?? ""
        return text.components(separatedBy: "\n---\n").map { PackDocument(file: file, text: $0) }
    }

    /// The single-event rules (one per file outside `correlations/`).
    static let detectionRules = documents.filter { !$0.isCorrelation }

    /// The correlation documents.
    static let correlations = documents.filter(\.isCorrelation)

    /// The names of the single-event rules, which are also their file names without `.yml`.
    static let ruleNames = detectionRules.compactMap(\.name)

    /// The rules referenced by counting correlations (value_count, value_sum, event_count, …), whose single events
    /// are not alerts by themselves.
    static let countedBaseRules: Set<String> = Set(
        correlations.filter { !($0.correlationType ?? "").hasPrefix("temporal") }.flatMap { $0.list("rules") })
}

/// The pack as the hunt loads it (through `RuleOptions` and `RuleSetLoader`), loaded once for all tests.
let installedPack: LoadedRuleSet = {
    let path = (try? RuleOptions.parse([]).rulePaths().first) ?? ""
    // swiftlint:disable:next force_try
    return RuleSetLoader.load(paths: [path], pipeline: try! Pipeline.builtinWindows())
}()

/// The pack's detection rules alone (correlation documents left out), each reporting its own matches: what the
/// per-rule cases test.
let installedPackWithoutCorrelations: LoadedRuleSet = {
    let path = (try? RuleOptions.parse([]).rulePaths().first) ?? ""
    // swiftlint:disable:next force_try
    return RuleSetLoader.load(paths: [path], pipeline: try! Pipeline.builtinWindows(), correlations: false)
}()

/// Rule id to rule name over the pack's single-event rules.
let packNamesByID: [String: String] = Dictionary(
    Pack.detectionRules.compactMap { document in document.id.map { ($0, document.name ?? "") } },
    uniquingKeysWith: { first, _ in first })

/// Hunts `file` with the installed pack (its detection rules alone unless `correlations`) and returns (line, rule
/// name, level) of every detection; a correlation alert's rule name is its correlation's name.
func huntWithPack(_ file: String, correlations: Bool = false) throws -> [(line: Int, rule: String, level: String)] {
    let result = try hunt([file], ruleSet: correlations ? installedPack : installedPackWithoutCorrelations)
    return result.records.map { record in
        (
            record["line"] as? Int ?? 0,
            packNamesByID[record["rule_id"] as? String ?? ""]
                ?? Pack.correlations.first { $0.id == record["rule_id"] as? String }?.name ?? "?",
            record["level"] as? String ?? "?"
        )
    }
}

/// The number of events (non-empty lines) in a JSONL file.
func eventCount(_ file: String) throws -> Int {
    try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
}
