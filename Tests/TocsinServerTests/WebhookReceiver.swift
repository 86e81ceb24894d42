import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A real HTTP receiver on loopback for webhook tests: it records every request and answers as the test scripts it
/// (a status per request, a delay), and counts requests per `Idempotency-Key` the way a careful receiver would.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
    }

    private let state = Mutex<(received: [Received], statuses: [Int], delay: Duration)>(([], [], .zero))

    /// Answers the next requests with these statuses in turn (202 once they run out).
    func script(_ statuses: [Int], delay: Duration = .zero) {
        state.withLock { $0.statuses = statuses; $0.delay = delay }
    }

    var received: [Received] { state.withLock { $0.received } }

    /// Runs `body` with the receiver listening; `body` gets its base URL.
    func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.post("/**") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let (status, delay) = self.state.withLock { state -> (Int, Duration) in
                state.received.append(
                    Received(path: request.uri.path, headers: headers, body: String(buffer: buffer)))
                let status = state.statuses.isEmpty ? 202 : state.statuses.removeFirst()
                return (status, state.delay)
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"\#(status)"}"#)))
        }
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.live) { client in
            guard let port = client.port, let url = URL(string: "http://127.0.0.1:\(port)/hook") else {
                throw CancellationError()
            }
            try await body(url)
        }
    }
}
