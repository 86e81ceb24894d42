import Foundation
import TocsinResponse
import TocsinStore

/// The parts of service continuity and the public page the HTTP routes use.
struct StatusSite<S: Store>: Sendable {
    let desk: ContinuityDesk<S>
    let cache: StatusPageCache
    let refresher: StatusPageRefresher<S>
    /// Sign-up and leaving; `nil` when no subscription channel is configured.
    let subscriptions: SubscriptionMailer?
    let links: SubscriptionLinks
}
