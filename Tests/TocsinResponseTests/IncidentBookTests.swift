import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

/// Alerts at minutes past a fixed start, so that every timing in these tests is exact.
func alert(
    _ id: String, rule: String = "r1", level: Level = .medium, host: String? = "FS01", minute: Double,
    tags: [String] = []
) -> AlertFacts {
    AlertFacts(
        id: id, ruleID: rule, ruleTitle: "Rule \(rule)", level: level, tags: tags, host: host,
        time: Date(timeIntervalSince1970: 1_795_161_600 + minute * 60))
}

let now = Date(timeIntervalSince1970: 1_795_161_600)

@Suite("Incidents: grouping")
struct IncidentGroupingTests {
    @Test func alertsOnOneHostWithinTheWindowAreOneIncident() {
        var book = IncidentBook()
        let first = book.handle(alert("a1", minute: 0), at: now)
        guard case .opened(let incident) = first.first else {
            Issue.record("expected an opened incident, got \(first)")
            return
        }
        #expect(incident.id == "INC-000001")
        #expect(incident.title == "Rule r1 on FS01")
        #expect(book.handle(alert("a2", rule: "r2", minute: 119), at: now) == [.joined(incident: "INC-000001", alert: "a2")])
        #expect(book.incidents["INC-000001"]?.alertIDs == ["a1", "a2"])
        #expect(book.incidents["INC-000001"]?.ruleIDs == ["r1", "r2"])
    }

    @Test func aGapLongerThanTheWindowStartsANewIncident() {
        var book = IncidentBook(policy: GroupingPolicy(window: 3600))
        _ = book.handle(alert("a1", minute: 0), at: now)
        let actions = book.handle(alert("a2", minute: 60.5), at: now)
        #expect(actions.count == 1)
        guard case .opened(let second) = actions.first else {
            Issue.record("expected a new incident")
            return
        }
        #expect(second.id == "INC-000002")
    }

    @Test func otherHostsAreOtherIncidentsUnlessLateralMovementLinksThem() {
        var book = IncidentBook()
        _ = book.handle(alert("dump", host: "WS-0042", minute: 0, tags: ["attack.credential_access", "attack.t1003.001"]), at: now)
        // An unrelated alert elsewhere: its own incident.
        let other = book.handle(alert("noise", host: "WS-0007", minute: 1, tags: ["attack.execution"]), at: now)
        guard case .opened(let separate) = other.first else {
            Issue.record("expected a separate incident")
            return
        }
        #expect(separate.id == "INC-000002")
        // PsExec onto the file server continues the attack that took credentials.
        let moved = book.handle(alert("psexec", host: "FS01", minute: 5, tags: ["attack.lateral_movement"]), at: now)
        #expect(moved == [.joined(incident: "INC-000001", alert: "psexec")])
        #expect(book.incidents["INC-000001"]?.hosts == ["WS-0042", "FS01"])
        // Later alerts on the new host join the same incident.
        #expect(book.handle(alert("vss", host: "fs01", minute: 30), at: now) == [.joined(incident: "INC-000001", alert: "vss")])
    }

    @Test(arguments: [GroupingPolicy.Key.host, .rule, .none])
    func otherKeys(_ key: GroupingPolicy.Key) {
        var book = IncidentBook(policy: GroupingPolicy(key: key))
        _ = book.handle(alert("a1", rule: "r1", host: "A", minute: 0), at: now)
        let sameRuleOtherHost = book.handle(alert("a2", rule: "r1", host: "B", minute: 1), at: now)
        let joined = sameRuleOtherHost == [.joined(incident: "INC-000001", alert: "a2")]
        #expect(joined == (key == .rule || key == .none))
    }

    @Test func aRepeatedAlertIsFiledOnce() {
        var book = IncidentBook()
        _ = book.handle(alert("a1", minute: 0), at: now)
        #expect(book.handle(alert("a1", minute: 0), at: now) == [])
        #expect(book.incidents["INC-000001"]?.alertIDs == ["a1"])
    }

    @Test func resolvedIncidentsTakeNoMoreAlerts() throws {
        var book = IncidentBook()
        _ = book.handle(alert("a1", minute: 0), at: now)
        _ = try book.handle(.transition(incident: "INC-000001", to: .resolved, actor: "anna", note: nil), at: now)
        guard case .opened(let next) = book.handle(alert("a2", minute: 1), at: now).first else {
            Issue.record("expected a new incident after resolution")
            return
        }
        #expect(next.id == "INC-000002")
    }

    @Test func booksContinueFromStoredIncidents() {
        var book = IncidentBook()
        _ = book.handle(alert("a1", minute: 0), at: now)
        var restored = IncidentBook(incidents: Array(book.incidents.values), nextNumber: book.nextNumber)
        #expect(restored.handle(alert("a2", minute: 1), at: now) == [.joined(incident: "INC-000001", alert: "a2")])
        guard case .opened(let other) = restored.handle(alert("b1", host: "X", minute: 1), at: now).first else {
            Issue.record("expected a new incident")
            return
        }
        #expect(other.id == "INC-000002")
    }
}

@Suite("Incidents: severity, lifecycle, suppression")
struct IncidentLifecycleTests {
    @Test func severityRisesWithWhatJoins() {
        var book = IncidentBook()
        _ = book.handle(alert("a1", level: .low, minute: 0, tags: ["attack.execution"]), at: now)
        #expect(
            book.handle(alert("a2", level: .high, minute: 1, tags: ["attack.persistence"]), at: now) == [
                .joined(incident: "INC-000001", alert: "a2"),
                .severityRaised(incident: "INC-000001", from: .low, to: .high, reason: "alert of level high"),
            ])
        // A third tactic makes it a multi-stage attack: one level above its highest alert.
        #expect(
            book.handle(alert("a3", level: .medium, minute: 2, tags: ["attack.impact"]), at: now) == [
                .joined(incident: "INC-000001", alert: "a3"),
                .severityRaised(
                    incident: "INC-000001", from: .high, to: .critical, reason: "3 ATT&CK tactics: a multi-stage attack"),
            ])
        #expect(book.incidents["INC-000001"]?.tactics == ["execution", "persistence", "impact"])
        // Severity never falls.
        _ = book.handle(alert("a4", level: .informational, minute: 3), at: now)
        #expect(book.incidents["INC-000001"]?.severity == .critical)
    }

    @Test func techniqueTagsAreNotTactics() {
        let facts = alert("a", minute: 0, tags: ["attack.t1003.001", "attack.credential-access", "attack.s0002", "cve.2021"])
        #expect(facts.tactics == ["credential_access"])
    }

    @Test(arguments: [
        (IncidentState.new, IncidentState.acknowledged, true), (.new, .resolved, true), (.acknowledged, .contained, true),
        (.contained, .acknowledged, false), (.resolved, .acknowledged, true), (.resolved, .contained, false),
        (.resolved, .closed, true), (.closed, .acknowledged, false), (.new, .new, false),
    ])
    func transitions(from: IncidentState, to: IncidentState, allowed: Bool) {
        #expect(from.allows(to) == allowed)
    }

    @Test func commandsAreRecordedOnTheTimeline() throws {
        var book = IncidentBook()
        _ = book.handle(alert("a1", minute: 0), at: now)
        let later = now.addingTimeInterval(300)
        #expect(
            try book.handle(.transition(incident: "INC-000001", to: .acknowledged, actor: "anna", note: "on it"), at: later)
                == [.stateChanged(incident: "INC-000001", from: .new, to: .acknowledged, actor: "anna")])
        _ = try book.handle(.note(incident: "INC-000001", actor: "anna", text: "FS01 isolated"), at: later)
        let timeline = book.incidents["INC-000001"]?.timeline.map(\.kind)
        #expect(
            timeline == [
                .alert(id: "a1", rule: "Rule r1", host: "FS01"),
                .state(from: .new, to: .acknowledged, actor: "anna", note: "on it"),
                .note(actor: "anna", text: "FS01 isolated"),
            ])
    }

    @Test func refusedCommandsSayWhy() throws {
        var book = IncidentBook()
        _ = book.handle(alert("a1", minute: 0), at: now)
        _ = try book.handle(.transition(incident: "INC-000001", to: .closed, actor: "anna", note: nil), at: now)
        #expect(throws: IncidentError.self) {
            try book.handle(.transition(incident: "INC-000001", to: .acknowledged, actor: "bert", note: nil), at: now)
        }
        do {
            _ = try book.handle(.note(incident: "INC-999999", actor: "bert", text: "x"), at: now)
            Issue.record("a note on an unknown incident was accepted")
        } catch {
            #expect(error.description == "no incident INC-999999 [T500]\n  hint: list incidents to see their identifiers")
        }
    }

    @Test func suppressionsHideKnownNoiseUntilTheyExpire() throws {
        let until = now.addingTimeInterval(3600)
        let backup = try #require(
            SuppressionRule(id: "s1", ruleID: "r1", host: "bkp01", until: until, reason: "backup job prunes snapshots"))
        var book = IncidentBook()
        #expect(book.handle(alert("a1", host: "BKP01", minute: 0), suppressions: [backup], at: now) == [.suppressed(alert: "a1", suppression: "s1")])
        #expect(book.incidents.isEmpty)
        // Another host, or after expiry: not suppressed.
        #expect(book.handle(alert("a2", host: "FS01", minute: 0), suppressions: [backup], at: now).count == 1)
        #expect(book.handle(alert("a3", host: "BKP01", minute: 61), suppressions: [backup], at: until).count == 1)
        #expect(SuppressionRule(id: "all", ruleID: nil, host: nil, until: until, reason: "everything") == nil)
    }
}

@Suite("Incidents: host names")
struct HostNameTests {
    @Test func asciiNamesCompareIgnoringCase() {
        #expect(HostName.same("WS-0042", "ws-0042"))
        #expect(HostName.same("fs01.praxis.local", "FS01.Praxis.LOCAL"))
        #expect(!HostName.same("FS01", "FS02"))
        #expect(!HostName.same("FS01", "FS011"))
        // '@' and '`' differ from 'A'-'Z' and 'a'-'z' by the case bit only, and are not letters.
        #expect(!HostName.same("@", "`"))
        #expect(!HostName.same("[", "{"))
    }

    @Test func nonASCIINamesCompareAsFoundationDoes() {
        #expect(HostName.same("MÜNCHEN-PC", "münchen-pc"))
        #expect(!HostName.same("MÜNCHEN-PC", "munchen-pc"))
        // The Kelvin sign folds to k: three bytes against one, so lengths alone do not decide.
        #expect(
            HostName.same("\u{212A}IEL", "kiel") == ("\u{212A}IEL".caseInsensitiveCompare("kiel") == .orderedSame))
    }

    /// Random names over letters of both cases, digits, punctuation next to the letters and a few non-ASCII
    /// characters: the fast path agrees with Foundation's comparison on every pair.
    @Test func agreesWithFoundationOnRandomNames() {
        let alphabet: [Character] = Array("aAbBkKzZ09-.@`[{") + ["ü", "Ü", "\u{212A}", "ß", "é"]
        var random = SplitMix64(seed: 42)
        func name() -> String {
            String((0..<Int(random.next() % 5)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        for _ in 0..<20_000 {
            let a = name()
            // Half the pairs are the same name in another case mix, so that equal pairs are well represented.
            let b = random.next() % 2 == 0 ? name() : a.map { random.next() % 2 == 0 ? $0.uppercased() : String($0) }.joined()
            #expect(HostName.same(a, b) == (a.caseInsensitiveCompare(b) == .orderedSame), "\(a) vs \(b)")
        }
    }
}
