import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import TocsinServer

/// An error no route means to show a client: its text must stay in the log.
private struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "SQLITE_CORRUPT at /var/lib/tocsin/tocsin.sqlite" }
}

@Suite("Server: errors become JSON answers")
struct APIErrorMiddlewareTests {
    @Test func unknownErrorsAre500sWithASafeMessageAndFrameworkErrorsGetJSON() async throws {
        let metrics = ServerMetrics()
        let router = Router(context: TocsinRequestContext.self)
        router.add(middleware: APIErrorMiddleware(metrics: metrics, logger: .init(label: "test")))
        router.get("/fails") { _, _ -> Response in throw SecretFailure() }
        router.post("/collects") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: 10)
            return Response(status: .ok)
        }
        router.get("/refuses") { _, _ -> Response in throw APIError(.conflict, "kept as it is") }
        try await Application(router: router).test(.router) { client in
            let failed = try await client.executeRequest(uri: "/fails", method: .get, headers: [:], body: nil)
            #expect(failed.status == .internalServerError)
            #expect(failed.headers[.contentType] == "application/json")
            #expect(object(failed)["error"] as? String == "the server failed to answer this request; it is logged")
            #expect(!String(buffer: failed.body).contains("SQLITE"))

            let large = try await client.executeRequest(
                uri: "/collects", method: .post, headers: [:], body: ByteBuffer(string: String(repeating: "x", count: 20)))
            #expect(large.status == .contentTooLarge)
            #expect(object(large)["error"] as? String == "the body is too large")

            let kept = try await client.executeRequest(uri: "/refuses", method: .get, headers: [:], body: nil)
            #expect(kept.status == .conflict)
            #expect(object(kept)["error"] as? String == "kept as it is")
        }
        #expect(metrics.value(.failed) == 1)
        #expect(metrics.value(.tooLarge) == 1)
        // An APIError was counted where it was raised; the middleware does not count it twice.
        #expect(metrics.value(.conflict) == 0)
    }
}
