import Foundation
import Logging
import ServiceLifecycle
import TocsinCore
import TocsinResponse
import TocsinStore

/// Keeps the page cache current: re-renders when the desk reports a change, when the store's revision moved (a
/// change made elsewhere), and every minute for the clock (maintenance windows start and end by time). A failed
/// refresh leaves the last good rendering in place; it is counted and tried again at the next interval.
actor StatusPageRefresher<S: Store> {
    let desk: ContinuityDesk<S>
    let cache: StatusPageCache
    let settings: StatusPageSettings
    let names: (organisation: LocalizedText, title: LocalizedText)
    let links: StatusPageLinks
    let baseURL: URL
    let interval: Duration
    /// Where the static site is written after each rendering; `nil` for none.
    let exportFolder: String?
    let metrics: ServerMetrics
    let clock: @Sendable () -> Date
    let logger: Logger
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var poked = false

    init(
        desk: ContinuityDesk<S>, cache: StatusPageCache, settings: StatusPageSettings,
        names: (organisation: LocalizedText, title: LocalizedText), links: StatusPageLinks, baseURL: URL,
        interval: Duration, exportFolder: String?, metrics: ServerMetrics, clock: @escaping @Sendable () -> Date,
        logger: Logger
    ) {
        self.desk = desk
        self.cache = cache
        self.settings = settings
        self.names = names
        self.links = links
        self.baseURL = baseURL
        self.interval = interval
        self.exportFolder = exportFolder
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    /// Something changed: render now.
    func poke() {
        poked = true
        wakeUp?.resume()
        wakeUp = nil
    }

    /// Renders the page from the store; on success the cache (and the export folder) get it.
    @discardableResult
    func refresh(force: Bool = false) async -> Bool {
        do {
            let revision = try await desk.store.statusRevision()
            let now = clock()
            if !force, let current = cache.page, current.revision == revision,
                now.timeIntervalSince(current.renderedAt) < 60
            {
                return true
            }
            let snapshot = try await desk.snapshot(organisation: names.organisation, title: names.title)
            let page = try RenderedStatusPage.render(
                snapshot, revision: revision, settings: settings, links: links, baseURL: baseURL, at: now)
            cache.replace(with: page)
            metrics.count(.statusRenders)
            if let exportFolder {
                try StaticSiteExport.write(
                    snapshot, settings: settings, baseURL: baseURL,
                    subscribeURL: links.subscribePath.isEmpty ? "" : baseURL.absoluteString + links.subscribePath,
                    to: URL(fileURLWithPath: exportFolder))
            }
            return true
        } catch {
            metrics.count(.statusRenderFailures)
            logger.warning("status page not refreshed; the last good rendering stays", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Refreshes until `stop()` says so. Never cancelled mid-refresh: a cancelled store call could leave the
    /// connection inside its transaction.
    /// A torn-down service group (cancellation without a graceful shutdown) ends it too, between refreshes.
    func run(stop: @escaping @Sendable () -> Bool) async {
        while !stop() && !Task.isCancelled {
            let wasPoked = poked
            poked = false
            await refresh(force: wasPoked)
            await sleep(interval)
        }
    }

    /// Waits for a poke or for `duration`; a timer that was cancelled (a poke came first) pokes nobody, so a
    /// change is rendered once, not twice.
    private func sleep(_ duration: Duration) async {
        guard !poked, !Task.isCancelled else { return }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: duration)) != nil else { return }
            await self?.wake()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in wakeUp = continuation }
        } onCancel: {
            Task { await self.wake() }
        }
        timer.cancel()
    }

    /// Ends a wait without asking for a forced rendering.
    private func wake() {
        wakeUp?.resume()
        wakeUp = nil
    }
}

/// Runs the refresher as a service of the application.
struct StatusPageService<S: Store>: Service {
    let refresher: StatusPageRefresher<S>

    func run() async throws {
        // Every change the desk makes is rendered at once; the interval catches the rest.
        await refresher.desk.whenChanged { await refresher.poke() }
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            await refresher.run(stop: { stopping.isSet })
        } onGracefulShutdown: {
            stopping.set()
            Task { await refresher.poke() }
        }
    }
}
