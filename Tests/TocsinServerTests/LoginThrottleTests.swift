import Foundation
import Testing

@testable import TocsinServer

@Suite("Login throttle: failures per name and address, with a manual clock")
struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 1_764_614_400)

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test func fiveFailuresOfANameMakeTheSixthWaitThirtySeconds() {
        var throttle = LoginThrottle()
        for second in 0..<5 {
            #expect(throttle.check(name: "alice", address: nil, at: at(Double(second))) == .allow)
            throttle.recordFailure(name: "alice", address: nil, at: at(Double(second)))
        }
        #expect(throttle.check(name: "alice", address: nil, at: at(4)) == .wait(seconds: 30))
        #expect(throttle.check(name: "alice", address: nil, at: at(20)) == .wait(seconds: 14))
        #expect(throttle.check(name: "alice", address: nil, at: at(33.5)) == .wait(seconds: 1))
        #expect(throttle.check(name: "alice", address: nil, at: at(34)) == .allow)
        // Other names are not affected.
        #expect(throttle.check(name: "bob", address: nil, at: at(5)) == .allow)
    }

    @Test func eachFurtherFailureDoublesTheWaitUpToFifteenMinutes() {
        var throttle = LoginThrottle()
        var time: TimeInterval = 0
        for _ in 0..<5 { throttle.recordFailure(name: "alice", address: nil, at: at(time)) }
        var waits: [Int] = []
        for _ in 0..<7 {
            guard case .wait(let seconds) = throttle.check(name: "alice", address: nil, at: at(time)) else {
                Issue.record("no wait after \(waits)")
                return
            }
            waits.append(seconds)
            time += Double(seconds)
            #expect(throttle.check(name: "alice", address: nil, at: at(time)) == .allow)
            throttle.recordFailure(name: "alice", address: nil, at: at(time))
        }
        #expect(waits == [30, 60, 120, 240, 480, 900, 900])
        #expect(LoginThrottle.delay(failures: 4, throttle.perName) == 0)
        #expect(LoginThrottle.delay(failures: 1_000, throttle.perName) == 900)
    }

    @Test func aSuccessClearsTheNameButNotTheAddress() {
        var throttle = LoginThrottle()
        throttle.perAddress.failures = 6
        for _ in 0..<5 { throttle.recordFailure(name: "alice", address: "192.0.2.7", at: at(0)) }
        #expect(throttle.check(name: "alice", address: "192.0.2.7", at: at(1)) == .wait(seconds: 29))
        throttle.recordSuccess(name: "alice")
        #expect(throttle.check(name: "alice", address: "192.0.2.7", at: at(1)) == .allow)
        // The address has 5 of its 6; one more failure, under any name, and it waits.
        throttle.recordFailure(name: "bob", address: "192.0.2.7", at: at(2))
        #expect(throttle.check(name: "carol", address: "192.0.2.7", at: at(2)) == .wait(seconds: 30))
        #expect(throttle.check(name: "carol", address: "198.51.100.1", at: at(2)) == .allow)
        #expect(throttle.check(name: "carol", address: nil, at: at(2)) == .allow)
    }

    @Test func anAddressGuessingManyNamesWaitsAfterTwentyFailures() {
        var throttle = LoginThrottle()
        for index in 0..<19 { throttle.recordFailure(name: "user\(index)", address: "203.0.113.9", at: at(0)) }
        #expect(throttle.check(name: "user99", address: "203.0.113.9", at: at(0)) == .allow)
        throttle.recordFailure(name: "user19", address: "203.0.113.9", at: at(0))
        #expect(throttle.check(name: "user99", address: "203.0.113.9", at: at(0)) == .wait(seconds: 30))
    }

    @Test func aFailureMoreThanFifteenMinutesAfterTheLastStartsAfresh() {
        var throttle = LoginThrottle()
        for _ in 0..<4 { throttle.recordFailure(name: "alice", address: nil, at: at(0)) }
        throttle.recordFailure(name: "alice", address: nil, at: at(901))
        #expect(throttle.names["alice"] == LoginThrottle.Streak(failures: 1, last: at(901)))
        #expect(throttle.check(name: "alice", address: nil, at: at(901)) == .allow)
        // Five within the window, then a quiet quarter of an hour forgets them.
        for _ in 0..<4 { throttle.recordFailure(name: "alice", address: nil, at: at(1_000)) }
        #expect(throttle.check(name: "alice", address: nil, at: at(1_000)) == .wait(seconds: 30))
        #expect(throttle.check(name: "alice", address: nil, at: at(1_901)) == .allow)
        #expect(throttle.names["alice"] == nil)
    }

    @Test func streaksPastTheirWindowArePrunedWhenTooManyAreKept() {
        var throttle = LoginThrottle()
        throttle.pruneAbove = 3
        for index in 0..<3 { throttle.recordFailure(name: "old\(index)", address: nil, at: at(0)) }
        throttle.recordFailure(name: "new", address: nil, at: at(1_000))
        #expect(throttle.names.keys.sorted() == ["new"])
    }
}
