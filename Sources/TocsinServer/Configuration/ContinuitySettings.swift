import Foundation
import TocsinCore
import TocsinResponse

/// The service catalogue and the public status page: the `continuity` and `status_page` sections.
public struct ContinuitySettings: Sendable, Equatable {
    /// The service catalogue file (`continuity.catalogue`); without one the status page lists no components and
    /// containment and restoration have nothing to work on.
    public var cataloguePath: String?
    /// Who the page speaks for; the alarm chain's organisation name when not set.
    public var organisation: LocalizedText?
    /// The page's heading; "Statusseite" / "Status page" after the organisation when not set.
    public var title: LocalizedText?
    /// Ways to reach the provider that work when its e-mail is down (phone numbers, a fallback address).
    public var contactLines: [LocalizedText] = []
    /// The line that tells readers the provider never asks for passwords; the built-in one when not set.
    public var antiPhishing: LocalizedText?
    /// How many days resolved incidents and completed maintenance stay in the page's history.
    public var historyDays = 15
    /// The alarm channel that carries subscribers' mails (a `smtp` or `sendmail` channel); subscriptions are off
    /// without one.
    public var subscriptionChannel: String?
    /// How often the page cache looks for changes it was not told about, and re-renders for the clock (seconds).
    public var refreshInterval: Double = 5
    /// A folder the server writes the static site into after every change, for hosting apart from the attacked
    /// systems (`rsync` it elsewhere); off when nil.
    public var exportFolder: String?

    /// The defaults: no catalogue, no subscriptions, no export.
    public init() {}
}
