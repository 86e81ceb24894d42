import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TocsinResponse
import TocsinStore

/// Runs the alarm chain beside the pipeline: the coordinator (planning, escalation timers) and the outbox deliverer.
///
/// On a graceful shutdown the deliverer takes no new messages and finishes the attempts under way.
struct AlarmService<S: Store>: Service {
    let coordinator: AlarmCoordinator<S>
    let deliverer: OutboxDeliverer<S>
    let tick: Duration

    func run() async throws {
        // Decisions a crash interrupted are made now: every open incident is planned again (idempotent).
        await coordinator.replay()
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await coordinator.run(tick: tick, stop: { stopping.isSet }) }
                group.addTask { await deliverer.run(stop: { stopping.isSet }) }
                // Both end on the stop flag, between steps; cancelling them could cut a store transaction short.
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            stopping.set()
            Task { await deliverer.poke() }
        }
    }
}

/// A flag one task sets and others read.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
