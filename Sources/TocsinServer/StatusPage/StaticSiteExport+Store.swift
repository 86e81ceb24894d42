import Foundation
import Logging
import TocsinStore

extension StaticSiteExport {
    /// Writes the page as the store has it now into `folder` (for `tocsin status export`) and returns the files.
    public static func export<S: Store>(
        configuration: ServerConfiguration, setup: StatusSetup, store: S, to folder: URL,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> [String] {
        let site = makeStatusSite(
            configuration: configuration, setup: setup, store: store, metrics: ServerMetrics(), clock: clock,
            logger: Logger(label: "tocsin"))
        let names = site.desk.pageNames(fallback: configuration.alarm.organisation.name)
        let snapshot = try await site.desk.snapshot(organisation: names.organisation, title: names.title)
        let publicURL = configuration.alarm.publicURL
        return try write(
            snapshot, settings: site.refresher.settings, baseURL: publicURL.flatMap(URL.init(string:)),
            // The copy can only offer subscriptions when they exist and the live server is reachable from outside.
            subscribeURL: site.subscriptions != nil ? publicURL.map { $0 + "/status/subscribe" } ?? "" : "",
            to: folder)
    }
}
