import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

/// The pages among actions, as `loop:tier` strings for compact expectations.
func pages(_ actions: [EscalationAction]) -> [String] {
    actions.compactMap { action in
        guard case .page(let page) = action else { return nil }
        return "\(page.loop):\(page.tier)"
    }
}

@Suite("Alarm: escalation")
struct EscalationTests {
    @Test func startPagesTierZeroAtOnce() {
        let (escalation, actions) = Escalation.start(policy: dayPolicy(), incidentID: "INC-000042", at: minute(0))
        guard case .page(let page) = actions.first, actions.count == 1 else {
            Issue.record("expected one page, got \(actions)")
            return
        }
        #expect(page.key == "escalation:INC-000042:day:0:0:0")
        #expect(page.targets == [.role(.onCall)])
        #expect(page.time == minute(0))
        #expect(escalation.nextDue == minute(5))
        #expect(escalation.status == .active)
    }

    @Test func tiersAndLoopsFollowTheDelaysThenExhaust() {
        var (escalation, _) = Escalation.start(
            policy: dayPolicy(delays: [5, 10], repeats: 1), incidentID: "I", at: minute(0))
        #expect(escalation.handle(.tick, at: minute(4.99)) == [])
        #expect(pages(escalation.handle(.tick, at: minute(5))) == ["0:1"])
        #expect(escalation.nextDue == minute(15))
        #expect(escalation.handle(.tick, at: minute(14)) == [])
        #expect(pages(escalation.handle(.tick, at: minute(15))) == ["1:0"])
        #expect(pages(escalation.handle(.tick, at: minute(20))) == ["1:1"])
        #expect(escalation.nextDue == minute(30))
        #expect(escalation.handle(.tick, at: minute(29)) == [])
        #expect(escalation.handle(.tick, at: minute(30)) == [.exhausted])
        #expect(escalation.status == .exhausted(at: minute(30)))
        #expect(escalation.nextDue == nil)
        #expect(escalation.handle(.tick, at: minute(90)) == [])
    }

    @Test func theNextStepCountsFromWhenThePageWasDecided() {
        var (escalation, _) = Escalation.start(policy: dayPolicy(delays: [5, 10]), incidentID: "I", at: minute(0))
        // Ticks come every 30 seconds: tier 1 pages at 5.5 and the loop falls due 10 minutes after that.
        #expect(pages(escalation.handle(.tick, at: minute(5.5))) == ["0:1"])
        #expect(escalation.nextDue == minute(15.5))
    }

    @Test func aLateTickPagesOnlyTheNextStepOnceAndSchedulesFromNow() {
        var (escalation, _) = Escalation.start(
            policy: dayPolicy(delays: [5, 10], repeats: 3), incidentID: "I", at: minute(0))
        // The server was down for two hours: tiers 1, 0, 1, … all fell due meanwhile. One page, the next in order.
        let actions = escalation.handle(.tick, at: minute(120))
        #expect(pages(actions) == ["0:1"])
        #expect(actions.count == 1)
        #expect(escalation.nextDue == minute(130))
        #expect(escalation.handle(.tick, at: minute(120)) == [])
        #expect(pages(escalation.handle(.tick, at: minute(130))) == ["1:0"])
    }

    @Test func acknowledgeStopsPagingAndIsIdempotent() {
        var (escalation, _) = Escalation.start(policy: dayPolicy(), incidentID: "I", at: minute(0))
        #expect(escalation.handle(.acknowledge(actor: "m.huber"), at: minute(2)) == [.acknowledged(actor: "m.huber")])
        #expect(escalation.status == .acknowledged(by: "m.huber", at: minute(2)))
        #expect(escalation.nextDue == nil)
        #expect(escalation.handle(.acknowledge(actor: "a.berger"), at: minute(3)) == [])
        #expect(escalation.status == .acknowledged(by: "m.huber", at: minute(2)))
        #expect(escalation.handle(.tick, at: minute(60)) == [])
    }

    @Test func resolveClosesFromAnyStateOnce() {
        var (escalation, _) = Escalation.start(policy: dayPolicy(), incidentID: "I", at: minute(0))
        _ = escalation.handle(.acknowledge(actor: "m.huber"), at: minute(2))
        #expect(escalation.handle(.resolve(actor: "m.huber"), at: minute(40)) == [.resolved(actor: "m.huber")])
        #expect(escalation.status == .resolved(by: "m.huber", at: minute(40)))
        #expect(escalation.handle(.resolve(actor: "other"), at: minute(41)) == [])
        #expect(escalation.handle(.acknowledge(actor: "other"), at: minute(42)) == [])
        #expect(escalation.handle(.tick, at: minute(99)) == [])

        var (active, _) = Escalation.start(policy: dayPolicy(), incidentID: "I", at: minute(0))
        #expect(active.handle(.resolve(actor: "auto"), at: minute(1)) == [.resolved(actor: "auto")])
        #expect(active.nextDue == nil)
    }

    @Test func anExhaustedEscalationCanStillBeAcknowledged() {
        var (escalation, _) = Escalation.start(
            policy: dayPolicy(delays: [5], repeats: 0), incidentID: "I", at: minute(0))
        #expect(escalation.handle(.tick, at: minute(5)) == [.exhausted])
        #expect(escalation.handle(.acknowledge(actor: "late"), at: minute(50)) == [.acknowledged(actor: "late")])
    }

    @Test func retriggerRestartsAtTierZeroWithNewKeys() {
        var (escalation, first) = Escalation.start(
            policy: dayPolicy(delays: [5, 10], repeats: 1), incidentID: "I", at: minute(0))
        _ = escalation.handle(.tick, at: minute(5))
        _ = escalation.handle(.tick, at: minute(15))
        #expect(escalation.loop == 1)
        _ = escalation.handle(.acknowledge(actor: "m.huber"), at: minute(16))
        let restart = escalation.handle(.retrigger, at: minute(30))
        #expect(restart.first == .restarted(generation: 1))
        guard case .page(let page) = restart.last, restart.count == 2, case .page(let original) = first.first else {
            Issue.record("expected restarted and a page, got \(restart)")
            return
        }
        #expect(page.key == "escalation:I:day:1:0:0")
        #expect(page.key != original.key)
        #expect(escalation.status == .active)
        #expect(escalation.nextDue == minute(35))
        // A full run again: the loop count was reset.
        #expect(pages(escalation.handle(.tick, at: minute(35))) == ["0:1"])
        #expect(pages(escalation.handle(.tick, at: minute(45))) == ["1:0"])
    }

    @Test func retriggerOfAnActiveEscalationChangesNothing() {
        var (escalation, _) = Escalation.start(policy: dayPolicy(), incidentID: "I", at: minute(0))
        let before = escalation
        #expect(escalation.handle(.retrigger, at: minute(1)) == [])
        #expect(escalation == before)
    }

    @Test func theSameStepComputedTwiceHasTheSameKey() {
        let (a, actionsA) = Escalation.start(policy: dayPolicy(), incidentID: "I", at: minute(0))
        let (b, actionsB) = Escalation.start(policy: dayPolicy(), incidentID: "I", at: minute(0.2))
        var replayA = a
        var replayB = b
        #expect(actionsA.map(pageKey) == actionsB.map(pageKey))
        #expect(replayA.handle(.tick, at: minute(5)).map(pageKey) == replayB.handle(.tick, at: minute(6)).map(pageKey))
    }

    @Test func aCodableRoundTripKeepsThePolicySnapshot() throws {
        var (escalation, _) = Escalation.start(
            policy: dayPolicy(trigger: AlarmTrigger(minimumSeverity: .high, tags: ["ransomware"])), incidentID: "I",
            at: minute(0))
        _ = escalation.handle(.tick, at: minute(5))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(escalation)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains(#""minimumSeverity":"high""#))
        #expect(text.contains(#"{"role":"on_call"}"#))
        var decoded = try JSONDecoder().decode(Escalation.self, from: data)
        #expect(decoded == escalation)
        #expect(decoded.nextDue == minute(15))
        // The decoded escalation goes on as the original would, whatever the configuration says now.
        var original = escalation
        #expect(decoded.handle(.tick, at: minute(15)) == original.handle(.tick, at: minute(15)))
        #expect(decoded.policy.tiers.map(\.delay) == [300, 600])
    }

    @Test func aPolicyWithoutTiersStartsExhausted() {
        let (escalation, actions) = Escalation.start(
            policy: EscalationPolicy(name: "empty", tiers: []), incidentID: "I", at: minute(0))
        #expect(actions == [.exhausted])
        #expect(escalation.nextDue == nil)
    }

    func pageKey(_ action: EscalationAction) -> String? {
        guard case .page(let page) = action else { return nil }
        return page.key
    }
}
