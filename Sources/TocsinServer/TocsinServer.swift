import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TocsinCore
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

/// Builds Tocsin's HTTP application over a store: ingest, the API, health and metrics, with the live pipeline.
///
/// `runPipeline` false leaves the pipeline to the caller (tests drive ``DetectionPipeline/step()`` by hand).
public func buildApplication<S: Store>(
    configuration: ServerConfiguration, store: S, engine: DetectionEngine, correlations: CorrelationSet,
    runPipeline: Bool = true, logger: Logger = Logger(label: "tocsin"),
    clock: @escaping @Sendable () -> Date = { Date() }
) -> (application: some ApplicationProtocol, pipeline: DetectionPipeline<S>) {
    let pipeline = DetectionPipeline(
        store: store, engine: engine, correlations: correlations, grouping: configuration.grouping,
        correlationLimits: CorrelationLimits(
            maxGroups: configuration.correlationMaxGroups, tolerance: configuration.correlationTolerance),
        clock: clock, logger: logger)
    let api = API(
        store: store, pipeline: pipeline, configuration: configuration, metrics: ServerMetrics(), clock: clock,
        logins: LoginGuard(hasher: PasswordHasher(cost: configuration.passwordCost)))
    let router = Router(context: TocsinRequestContext.self)
    api.register(on: router)
    let application = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Tocsin"),
        services: runPipeline ? [PipelineService(pipeline: pipeline)] : [], logger: logger)
    return (application, pipeline)
}
