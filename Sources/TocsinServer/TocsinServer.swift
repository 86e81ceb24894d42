import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TocsinCore
import TocsinDelivery
import TocsinDetection
import TocsinResponse
import TocsinStore

/// Runs the detection pipeline as a service of the application (stopped with it, on SIGTERM or SIGINT).
struct PipelineService<S: Store>: Service {
    let pipeline: DetectionPipeline<S>

    func run() async throws {
        try await pipeline.start()
        // On SIGTERM/SIGINT the service group asks for a graceful shutdown: finish the batch under way, then stop.
        await cancelWhenGracefulShutdown {
            await pipeline.run()
        }
    }
}

/// Builds Tocsin's HTTP application over a store: ingest, the API, health and metrics, with the live pipeline,
/// and the syslog listeners and followed files the configuration names.
///
/// `runPipeline` false leaves the pipeline to the caller (tests drive ``DetectionPipeline/step()`` by hand).
/// `onListening` is told the port the HTTP server bound (the one asked for, or the one the system chose for 0);
/// `onSyslogBound` hears the port each syslog listener bound, so a caller that asked for port 0 learns it.
/// `watchInterval` is how often followed files are looked at; `retentionInterval` how often old events, alerts and
/// sessions are purged (also once at start).
public func buildApplication<S: Store>(
    configuration: ServerConfiguration, store: S, engine: DetectionEngine, correlations: CorrelationSet,
    alarm: AlarmChain? = nil, status: StatusSetup? = nil, runPipeline: Bool = true,
    logger: Logger = Logger(label: "tocsin"),
    clock: @escaping @Sendable () -> Date = { Date() },
    onListening: @escaping @Sendable (Int) async -> Void = { _ in },
    onSyslogBound: @escaping @Sendable (SyslogTransport, Int) -> Void = { _, _ in },
    watchInterval: Duration = .milliseconds(250), retentionInterval: Duration = .seconds(3600)
) -> (application: some ApplicationProtocol, pipeline: DetectionPipeline<S>) {
    let metrics = ServerMetrics()
    var alarmService: AlarmService<S>?
    if let alarm {
        var rules = RuleCatalogue()
        for rule in engine.rules { rules.add(id: rule.id, title: rule.title, tags: rule.tags) }
        for correlation in correlations.correlations {
            rules.add(id: correlation.rule.id, title: correlation.rule.title, tags: correlation.rule.tags)
        }
        let delivery = alarm.settings.delivery
        let deliverer = OutboxDeliverer(
            store: store, channels: alarm.channels,
            retry: RetryPolicy(
                attempts: delivery.attempts, initialDelay: delivery.initialDelay, maximumDelay: delivery.maximumDelay),
            concurrency: delivery.concurrency, metrics: metrics, clock: clock, logger: logger)
        let coordinator = AlarmCoordinator(
            store: store, planner: alarm.planner,
            composer: MessageComposer(settings: alarm.settings, templates: alarm.templates, links: alarm.links),
            rules: rules, metrics: metrics, clock: clock, logger: logger,
            onQueued: { Task { await deliverer.poke() } })
        alarmService = AlarmService(
            coordinator: coordinator, deliverer: deliverer,
            tick: .milliseconds(Int(max(0.01, delivery.tick) * 1000)))
    }
    let coordinator: AlarmCoordinator<S>? = alarmService?.coordinator
    var onFiled: (@Sendable ([(TocsinResponse.Incident, Int64)]) async -> Void)?
    if let coordinator {
        onFiled = { incidents in await coordinator.incidentsFiled(incidents) }
    }
    let pipeline = DetectionPipeline<S>(
        store: store, engine: engine, correlations: correlations, grouping: configuration.grouping,
        correlationLimits: CorrelationLimits(
            maxGroups: configuration.correlationMaxGroups, tolerance: configuration.correlationTolerance),
        clock: clock, logger: logger,
        onFiled: onFiled)
    let statusSite = status.map {
        makeStatusSite(configuration: configuration, setup: $0, store: store, metrics: metrics, clock: clock, logger: logger)
    }
    let api = API(
        store: store, pipeline: pipeline, configuration: configuration, metrics: metrics, clock: clock,
        logins: LoginGuard(hasher: PasswordHasher(cost: configuration.passwordCost)), alarm: coordinator,
        links: alarm?.links, status: statusSite)
    let router = buildRouter(api: api, logger: logger)
    var services: [any Service] = runPipeline ? [PipelineService(pipeline: pipeline)] : []
    if let alarmService { services.append(alarmService) }
    if let statusSite { services.append(StatusPageService(refresher: statusSite.refresher)) }
    services.append(
        RetentionService(
            store: store, configuration: configuration, interval: retentionInterval, metrics: metrics, clock: clock,
            logger: logger))
    services += ingestServices(
        configuration: configuration.ingest, store: store, pipeline: pipeline, metrics: metrics, logger: logger,
        clock: clock, onSyslogBound: onSyslogBound, watchInterval: watchInterval)
    let application = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Tocsin"),
        services: services,
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    return (application, pipeline)
}

/// The continuity desk, the page cache and its refresher, and subscriptions when a channel carries them.
func makeStatusSite<S: Store>(
    configuration: ServerConfiguration, setup: StatusSetup, store: S, metrics: ServerMetrics,
    clock: @escaping @Sendable () -> Date, logger: Logger
) -> StatusSite<S> {
    let continuity = configuration.continuity
    let publicURL = configuration.alarm.publicURL ?? "http://\(configuration.host):\(configuration.port)"
    let organisation = continuity.organisation ?? LocalizedText(configuration.alarm.organisation.name)
    let links = SubscriptionLinks(secret: setup.linkSecret)
    let mailer = continuity.subscriptionChannel.map { channel in
        SubscriptionMailer(
            store: store, links: links, channel: channel, publicURL: publicURL, organisation: organisation,
            time: StatusTimeFormat(timeZoneID: "Europe/Berlin"), clock: clock, logger: logger)
    }
    let desk = ContinuityDesk(
        store: store, graph: setup.graph, settings: continuity, subscriptions: mailer, clock: clock, logger: logger)
    let settings = StatusPageSettings(
        organisation: organisation, contactLines: continuity.contactLines,
        antiPhishing: continuity.antiPhishing ?? StatusPageSettings.defaultAntiPhishing,
        historyDays: continuity.historyDays)
    let cache = StatusPageCache()
    let refresher = StatusPageRefresher(
        desk: desk, cache: cache, settings: settings,
        names: desk.pageNames(fallback: configuration.alarm.organisation.name),
        links: StatusPageLinks(subscribePath: mailer == nil ? "" : "/status/subscribe"),
        baseURL: URL(string: publicURL) ?? URL(fileURLWithPath: "/"),
        interval: .milliseconds(Int(max(0.05, continuity.refreshInterval) * 1000)),
        exportFolder: continuity.exportFolder, metrics: metrics, clock: clock, logger: logger)
    return StatusSite(desk: desk, cache: cache, refresher: refresher, subscriptions: mailer, links: links)
}

/// The router of the HTTP API: every route behind the middleware that answers errors as JSON and counts them.
func buildRouter<S: Store>(api: API<S>, logger: Logger = Logger(label: "tocsin")) -> Router<TocsinRequestContext> {
    let router = Router(context: TocsinRequestContext.self)
    router.add(middleware: APIErrorMiddleware(metrics: api.metrics, logger: logger))
    api.register(on: router)
    return router
}

/// The syslog listeners and the file follower that `ingest` asks for.
func ingestServices<S: Store>(
    configuration ingest: ServerConfiguration.Ingest, store: S, pipeline: DetectionPipeline<S>,
    metrics: ServerMetrics, logger: Logger, clock: @escaping @Sendable () -> Date,
    onSyslogBound: @escaping @Sendable (SyslogTransport, Int) -> Void, watchInterval: Duration
) -> [any Service] {
    var services: [any Service] = []
    let queueLimit = Int64(ingest.queueEvents)
    func batcher() -> EventBatcher<S> {
        EventBatcher(
            store: store, pipeline: pipeline, queueLimit: queueLimit, maxDelay: ingest.maxDetectionDelay,
            metrics: metrics, logger: logger)
    }
    func intake(_ transport: SyslogTransport) -> SyslogIntake {
        SyslogIntake(
            transport: transport, maxMessageBytes: ingest.maxEventBytes, metrics: metrics, logger: logger, clock: clock)
    }
    // The configuration reader validated both addresses; port 0 (a free port) comes only from code, such as tests.
    if let address = ingest.syslogTCP,
        let (host, port) = ServerConfiguration.parseAddress(address, allowingPortZero: true)
    {
        services.append(
            SyslogTCPService(
                host: host, port: port, batcher: batcher(), intake: intake(.tcp), logger: logger,
                onBound: { onSyslogBound(.tcp, $0) }))
    }
    if let address = ingest.syslogUDP,
        let (host, port) = ServerConfiguration.parseAddress(address, allowingPortZero: true)
    {
        services.append(
            SyslogUDPService(
                host: host, port: port, batcher: batcher(), intake: intake(.udp), metrics: metrics, logger: logger,
                onBound: { onSyslogBound(.udp, $0) }))
    }
    if !ingest.watch.isEmpty {
        services.append(
            FileFollower(
                paths: ingest.watch, store: store, pipeline: pipeline, queueLimit: queueLimit,
                maxDelay: ingest.maxDetectionDelay, maxEventBytes: ingest.maxEventBytes, interval: watchInterval, metrics: metrics, logger: logger,
                clock: clock))
    }
    return services
}
