import Foundation
import Testing
import TocsinCore
import TocsinDetection

@testable import TocsinCommands

/// Tocsin's rule pack: every rule fires on its cases and on none of its near misses, and is written to the pack's
/// conventions (name, ATT&CK tags, level).
@Suite struct RulePackTests {
    @Test func everyRuleHasCasesAndEveryCaseARule() throws {
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Pack.fixtures))
        var expected: Set<String> = ["background.jsonl"]
        for name in Pack.ruleNames {
            for kind in ["fires", "benign"] {
                let file = "\(name).\(kind).jsonl"
                expected.insert(file)
                #expect(present.contains(file), "the rule \(name) has no \(file) in \(Pack.fixtures)")
                if present.contains(file) {
                    #expect(try eventCount(Pack.fixtures + "/" + file) > 0, "\(file) holds no event")
                }
            }
        }
        for name in Pack.correlations.compactMap(\.name) {
            for kind in ["fires", "benign"] {
                let file = "correlation.\(name).\(kind).jsonl"
                expected.insert(file)
                #expect(present.contains(file), "the correlation \(name) has no \(file) in \(Pack.fixtures)")
            }
        }
        #expect(present.subtracting(expected).sorted() == [], "cases without a rule")
        #expect(Pack.ruleNames.count == Pack.detectionRules.count, "a rule without a name")
    }

    @Test(arguments: Pack.ruleNames)
    func ruleFiresOnEveryOfItsCases(name: String) throws {
        let file = Pack.fixtures + "/\(name).fires.jsonl"
        let detected = Set(try huntWithPack(file).filter { $0.rule == name }.map(\.line))
        let missed = Set(1...max(1, try eventCount(file))).subtracting(detected)
        #expect(missed.sorted() == [], "\(name) does not fire on these lines of \(file)")
    }

    @Test(arguments: Pack.ruleNames)
    func nearMissesFireNoPackRule(name: String) throws {
        let file = Pack.fixtures + "/\(name).benign.jsonl"
        let detections = try huntWithPack(file)
        #expect(detections.map { "\($0.line): \($0.rule)" } == [], "pack rules fire on \(file)")
    }

    @Test(arguments: Pack.correlations.compactMap(\.name))
    func correlationHoldsOnItsCasesAndNotOnItsNearMisses(name: String) throws {
        let fires = try huntWithPack(Pack.fixtures + "/correlation.\(name).fires.jsonl", correlations: true)
        #expect(fires.contains { $0.rule == name }, "\(name) raises no alert on its cases: \(fires.map(\.rule))")
        let benign = try huntWithPack(Pack.fixtures + "/correlation.\(name).benign.jsonl", correlations: true)
        #expect(!benign.contains { $0.rule == name }, "\(name) raises an alert on its near misses")
    }

    @Test func theEstatesBackgroundRaisesNoAlert() throws {
        // With the correlations, nothing at all: the base rules they count are reported only through them.
        let alerts = try huntWithPack(Pack.background, correlations: true)
        #expect(alerts.map { "\($0.line): \($0.rule)" } == [])
        // The base rules do see the background (typos, ordinary outbound traffic): the correlations count them.
        let detections = try huntWithPack(Pack.background)
        #expect(detections.filter { $0.level != "informational" || !Pack.countedBaseRules.contains($0.rule) }.isEmpty)
        #expect(Set(detections.map(\.rule)) == ["failed_logon", "outbound_flow_external"])
    }

    @Test(arguments: Pack.documents)
    func documentFollowsThePacksConventions(document: PackDocument) throws {
        let uuid = #/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/#
        let snakeCase = #/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/#
        #expect(try uuid.wholeMatch(in: document.id ?? "") != nil, "id")
        #expect(try snakeCase.wholeMatch(in: document.name ?? "") != nil, "name")
        #expect(document.value("author") == "Tocsin")
        #expect(try #/^2026-\d\d-\d\d$/#.wholeMatch(in: document.value("date") ?? "") != nil, "date")
        #expect(document.value("title") != nil)
        #expect(document.has("description"))
        #expect(document.has("falsepositives"))
        #expect(["informational", "low", "medium", "high", "critical"].contains(document.level ?? ""), "level")
        let tags = document.list("tags")
        let tactics: Set<String> = [
            "attack.initial-access", "attack.execution", "attack.persistence", "attack.privilege-escalation",
            "attack.defense-evasion", "attack.credential-access", "attack.discovery", "attack.lateral-movement",
            "attack.collection", "attack.command-and-control", "attack.exfiltration", "attack.impact",
        ]
        #expect(tags.contains(where: tactics.contains), "no ATT&CK tactic in \(tags)")
        #expect(tags.contains { (try? #/^attack\.t\d{4}(\.\d{3})?$/#.wholeMatch(in: $0)) != nil }, "no technique")
        #expect(tags.allSatisfy { tactics.contains($0) || $0.wholeMatch(of: #/attack\.t\d{4}(\.\d{3})?/#) != nil })
        if !document.isCorrelation {
            #expect(document.file.hasSuffix("/\(document.name ?? "").yml"), "the file is named after the rule")
            #expect(!document.file.hasPrefix("correlations/"))
        } else {
            #expect(document.file.hasPrefix("correlations/"))
        }
    }

    @Test func idsAndNamesAreUnique() {
        let ids = Pack.documents.compactMap(\.id)
        let names = Pack.documents.compactMap(\.name)
        #expect(Set(ids).count == ids.count)
        #expect(Set(names).count == names.count)
        #expect(ids.count == Pack.documents.count)
    }

    @Test func correlationsReferenceRulesOfThePack() {
        let names = Set(Pack.documents.compactMap(\.name))
        for correlation in Pack.correlations {
            let referenced = correlation.list("rules")
            #expect(!referenced.isEmpty, "\(correlation.name ?? "?") references no rule")
            #expect(referenced.filter { !names.contains($0) } == [], "\(correlation.name ?? "?")")
        }
    }

    @Test func baseRulesOfCountingCorrelationsAreInformational() {
        #expect(!Pack.countedBaseRules.isEmpty)
        for rule in Pack.detectionRules where Pack.countedBaseRules.contains(rule.name ?? "") {
            #expect(rule.level == "informational", "\(rule.name ?? "?")")
        }
    }

    @Test func rulesThatAlertOnTheirOwnAreKeptByTheirCorrelations() {
        // A correlation suppresses the rules it references unless it says `generate: true` (the spec's default is
        // false): only informational base rules may be suppressed.
        for correlation in Pack.correlations where !correlation.text.contains("generate: true") {
            for name in correlation.list("rules") {
                let rule = Pack.documents.first { $0.name == name }
                #expect(rule?.level == "informational", "\(correlation.name ?? "?") would suppress \(name)")
            }
        }
    }

    @Test func theInstalledPackIsTheSourceTreesPack() throws {
        let installed = try packRules()
        #expect(Pack.relativeFiles(under: installed) == Pack.files)
        #expect(Pack.files.count == Pack.detectionRules.count + Set(Pack.correlations.map(\.file)).count)
    }

    @Test func everyDocumentOfThePackLoads() throws {
        let pack = installedPack
        #expect(pack.documentCount == Pack.documents.count)
        #expect(pack.loadedCount == Pack.detectionRules.count + Pack.correlations.count)
        #expect(pack.correlations.correlations.count == Pack.correlations.count)
        #expect(pack.diagnostics.map(\.description) == [])
    }

    @Test func rulesCheckOnThePackEndsWithTheSummary() throws {
        let report = RulesCheckCommand.report(installedPack, warnings: true)
        let documents = Pack.documents.count
        #expect(report == "\(documents) rules: \(documents) loaded, 0 rejected\n")
    }
}
