import Foundation
import Hummingbird
import NIOCore
import TocsinStore

extension API {
    /// `POST /api/v1/events`: NDJSON (optionally gzip) in, each line taken or refused, acknowledged when durable.
    func ingest(_ request: Request) async throws -> Response {
        let arrived = ContinuousClock.now
        let identity = try await authenticate(request, needs: .responder)
        // Events come from machines, which hold tokens; a token also keys the rate limit and names the source.
        guard case .token(let tokenID) = identity.credential else {
            metrics.count(.forbidden)
            throw APIError(.forbidden, "ingest needs an API token (Authorization: Bearer <token>), not a session")
        }
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let accepted: Set<String> = ["application/x-ndjson", "application/jsonl", "application/json", "text/plain"]
        guard let contentType, accepted.contains(contentType) else {
            metrics.count(.unsupportedMediaType)
            throw APIError(
                .unsupportedMediaType, "send events as application/x-ndjson: one JSON object per line")
        }
        // Back-pressure: while detection is behind, say when to come back instead of queueing without bound.
        if await pipeline.lag > Int64(configuration.ingest.queueEvents) {
            metrics.count(.backPressure)
            throw APIError(.tooManyRequests, "detection is behind; retry later", headers: [.retryAfter: "1"])
        }
        let limit = configuration.ingest.maxBodyBytes
        var body: [UInt8]
        do {
            body = try await BodyCollector.collect(request, limit: limit)
        } catch is BodyCollector.TooLarge {
            metrics.count(.tooLarge)
            throw APIError(.contentTooLarge, "the body is larger than \(limit) bytes; send smaller batches")
        }
        if let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" {
            guard encoding == "gzip" else {
                metrics.count(.unsupportedMediaType)
                throw APIError(.unsupportedMediaType, "Content-Encoding \(encoding) is not supported; use gzip")
            }
            do {
                body = try Gunzip.inflate(body, limit: limit)
            } catch .tooLarge {
                metrics.count(.tooLarge)
                throw APIError(.contentTooLarge, "the body inflates to more than \(limit) bytes; send smaller batches")
            } catch .damaged(let reason) {
                metrics.count(.badRequest)
                throw APIError(.badRequest, "the gzip body is damaged: \(reason)")
            }
        }
        let batch = IngestBatch.parse(ndjson: body, maxEventBytes: configuration.ingest.maxEventBytes)
        metrics.count(.rejectedLines, by: batch.rejected.count)
        if !batch.events.isEmpty {
            let wait = await limiter.take(
                batch.events.count, for: tokenID, ratePerSecond: configuration.ingest.ratePerToken, now: clock())
            if wait > 0 {
                metrics.count(.rateLimited)
                throw APIError(
                    .tooManyRequests, "the token's rate of \(configuration.ingest.ratePerToken) events per second is used up",
                    headers: [.retryAfter: String(Int(wait.rounded(.up)))])
            }
        }
        // Detection behind by more than the allowed delay: hold the batch (the sender waits for its answer, and
        // sends no more on this connection) instead of queueing events whose alerts would come late; past the hold
        // limit, refuse it like a full queue.
        if await pipeline.delay > configuration.ingest.maxDetectionDelay {
            metrics.count(.ingestHeld)
            let holdUntil = ContinuousClock.now + .milliseconds(Int(configuration.ingest.holdSeconds * 1000))
            while await pipeline.delay > configuration.ingest.maxDetectionDelay {
                guard ContinuousClock.now < holdUntil else {
                    metrics.count(.backPressure)
                    throw APIError(.tooManyRequests, "detection is behind; retry later", headers: [.retryAfter: "1"])
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        let received = clock()
        var ids: [Int64] = []
        if !batch.events.isEmpty {
            // One source string for the batch, shared by its events.
            let source = "http:\(identity.name)"
            let inputs = batch.events.map { StoredEventInput(source: source, receivedAt: received, text: $0.text) }
            do {
                ids = try await store.appendEvents(inputs)
            } catch {
                // Not acknowledged, so nothing is lost: the sender keeps the batch and tries again.
                metrics.count(.storeUnavailable)
                throw APIError(
                    .serviceUnavailable, "the event store is unavailable; nothing of this batch was stored, retry it",
                    headers: [.retryAfter: "2"])
            }
            // Durable now: hand the events to the pipeline so it need not read them back.
            await pipeline.handOver(
                zip(ids, inputs).map { StoredEvent(id: $0, source: $1.source, receivedAt: $1.receivedAt, text: $1.text) })
        }
        metrics.count(.eventsIn, by: ids.count)
        let took = ContinuousClock.now - arrived
        metrics.observeIngest(seconds: Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
        let rejected: [[String: Any]] = batch.rejected.map { ["line": $0.line, "reason": $0.reason] }
        guard ids.isEmpty && !rejected.isEmpty else { return jsonResponse(["accepted": ids.count, "rejected": rejected]) }
        // Nothing taken: an error like any other, with the reason per line beside it.
        metrics.count(.badRequest)
        let refusal: [String: Any] = [
            "error": "no line of the body was accepted; rejected gives the reason per line", "accepted": 0,
            "rejected": rejected,
        ]
        return jsonResponse(refusal, status: .badRequest)
    }
}

/// A token bucket per API token: one second's worth of events, refilled continuously.
actor RateLimiter {
    private var buckets: [Int64: (tokens: Double, at: Date)] = [:]

    /// Takes `count` events from the token's bucket; 0 when allowed, otherwise the seconds to wait.
    func take(_ count: Int, for token: Int64, ratePerSecond: Int, now: Date) -> Double {
        let rate = Double(ratePerSecond)
        var bucket = buckets[token] ?? (rate, now)
        bucket.tokens = min(rate, bucket.tokens + now.timeIntervalSince(bucket.at) * rate)
        bucket.at = now
        let needed = Double(count)
        // A batch larger than one second's worth passes when the bucket is full (it then runs into debt).
        if bucket.tokens >= min(needed, rate) {
            bucket.tokens -= needed
            buckets[token] = bucket
            return 0
        }
        buckets[token] = bucket
        return (min(needed, rate) - bucket.tokens) / rate
    }
}
