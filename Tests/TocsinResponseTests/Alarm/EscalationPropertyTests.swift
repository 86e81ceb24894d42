import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

@Suite("Alarm: escalation invariants over random policies and ticks")
struct EscalationPropertyTests {
    @Test(arguments: 0..<400)
    func invariantsHold(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed))
        let tiers = (0..<Int.random(in: 1...4, using: &random)).map { index in
            EscalationTier(delay: Double(Int.random(in: 0...30, using: &random)) * 60, targets: [.contact("c\(index)")])
        }
        let policy = EscalationPolicy(name: "p", tiers: tiers, repeats: Int.random(in: 0...3, using: &random))
        let steps = tiers.count * (policy.repeats + 1)
        var time = minute(Double(Int.random(in: 0...1000, using: &random)))
        var (escalation, startActions) = Escalation.start(policy: policy, incidentID: "I", at: time)
        var all: [EscalationPage] = startActions.compactMap(\.page)
        var generationPages = all.map { ($0.loop, $0.tier) }
        #expect(all.count == 1)

        for _ in 0..<60 {
            // Mostly short gaps, sometimes none, sometimes an outage of hours.
            let gap: Double =
                switch Int.random(in: 0..<10, using: &random) {
                case 0: 0
                case 1: Double(Int.random(in: 60...600, using: &random))
                default: Double(Int.random(in: 1...12, using: &random)) / 2
                }
            time = time.addingTimeInterval(gap * 60)
            let event: EscalationEvent =
                switch Int.random(in: 0..<20, using: &random) {
                case 0: .acknowledge(actor: "a")
                case 1: .retrigger
                case 2: .resolve(actor: "r")
                default: .tick
                }
            let due = escalation.nextDue
            let lastPage = all.last
            let actions = escalation.handle(event, at: time)
            let newPages = actions.compactMap(\.page)
            #expect(newPages.count <= 1, "seed \(seed): more than one page for one event")
            if case .restarted = actions.first { generationPages = [] }
            for page in newPages {
                #expect(page.time == time)
                if let lastPage { #expect(page.time >= lastPage.time, "seed \(seed): a page went back in time") }
                if event == .tick, let due { #expect(time >= due, "seed \(seed): a page before it was due") }
                if event == .tick, let lastPage {
                    #expect(page.time.timeIntervalSince(lastPage.time) >= tiers[lastPage.tier].delay)
                }
                generationPages.append((page.loop, page.tier))
                all.append(page)
            }
            // Pages of a generation walk the tiers in order, loop by loop, and skip nothing.
            #expect(generationPages.map { $0.0 * tiers.count + $0.1 } == Array(0..<generationPages.count))
            #expect(generationPages.count <= steps)
            if actions.contains(.exhausted) { #expect(generationPages.count == steps) }
            #expect((escalation.nextDue == nil) == !escalation.isActive)
            if let next = escalation.nextDue { #expect(next >= escalation.pagedAt) }
            // Storing and loading between ticks changes nothing.
            if Int.random(in: 0..<5, using: &random) == 0 {
                let stored = try JSONDecoder().decode(Escalation.self, from: JSONEncoder().encode(escalation))
                #expect(stored == escalation)
                escalation = stored
            }
        }
        #expect(Set(all.map(\.key)).count == all.count, "seed \(seed): a key repeated")
    }
}

extension EscalationAction {
    /// The page, if the action is one.
    var page: EscalationPage? {
        guard case .page(let page) = self else { return nil }
        return page
    }
}
