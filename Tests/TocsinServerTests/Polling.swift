import Foundation
import Synchronization
import TocsinStore

/// Polls `condition` every 10 ms until it holds or `seconds` pass; the last value either way.
func eventually<T>(
    within seconds: Double = 10, _ condition: () async throws -> T?
) async throws -> T? {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while true {
        if let value = try await condition() { return value }
        if ContinuousClock.now > deadline { return nil }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// The store's events once there are at least `count` (or what there is after the deadline).
func events(in store: some EventStore, atLeast count: Int) async throws -> [StoredEvent] {
    let found = try await eventually { () async throws -> [StoredEvent]? in
        let stored = try await store.events(after: 0, limit: 10_000)
        return stored.count >= count ? stored : nil
    }
    if let found { return found }
    return try await store.events(after: 0, limit: 10_000)
}

/// Ports the syslog listeners report when they are bound.
final class BoundPorts: Sendable {
    private let ports = Mutex<[String: Int]>([:])

    func set(_ name: String, _ port: Int) { ports.withLock { $0[name] = port } }

    func port(_ name: String) async throws -> Int? {
        try await eventually { ports.withLock { $0[name] } }
    }
}
