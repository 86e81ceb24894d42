import Foundation
import NIOCore
import Synchronization

/// The last good rendering of the public page, read by every request without touching the store: a rush of
/// worried readers costs a lock and a buffer copy each, and a slow or stopped database changes nothing they see.
final class StatusPageCache: Sendable {
    private let current = Mutex<RenderedStatusPage?>(nil)

    /// What requests get now; `nil` until the first rendering.
    var page: RenderedStatusPage? { current.withLock { $0 } }

    /// Replaces the rendering.
    func replace(with page: RenderedStatusPage) {
        current.withLock { $0 = page }
    }
}
