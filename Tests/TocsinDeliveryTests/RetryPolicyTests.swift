import Foundation
import Testing

@testable import TocsinDelivery

@Suite("Delivery: retry back-off")
struct RetryPolicyTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "the delay doubles per attempt within [base/2, base], capped",
        arguments: [
            (1, 0.0, 2.5), (1, 1.0, 5.0), (2, 0.5, 7.5), (3, 0.0, 10.0), (8, 1.0, 600.0), (9, 0.0, 300.0),
        ])
    func delays(attempt: Int, random: Double, seconds: TimeInterval) {
        let policy = RetryPolicy(attempts: 20, initialDelay: 5, maximumDelay: 600)
        let retry = policy.retryTime(after: attempt, kind: .transient, at: start, random: { random })
        #expect(retry == start.addingTimeInterval(seconds))
    }

    @Test("a permanent failure, or the last attempt, gives up")
    func givesUp() {
        let policy = RetryPolicy(attempts: 3)
        #expect(policy.retryTime(after: 1, kind: .permanent, at: start, random: { 0 }) == nil)
        #expect(policy.retryTime(after: 2, kind: .transient, at: start, random: { 0 }) != nil)
        #expect(policy.retryTime(after: 3, kind: .transient, at: start, random: { 0 }) == nil)
    }
}
