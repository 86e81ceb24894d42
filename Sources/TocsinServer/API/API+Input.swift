import Foundation
import Hummingbird
import NIOCore

extension API {
    /// An error answer that is counted under `counter` on `/metrics` as it is made.
    func refuse(_ counter: ServerMetrics.Counter, _ status: HTTPResponse.Status, _ message: String) -> APIError {
        metrics.count(counter)
        return APIError(status, message)
    }

    /// The integer query parameter `name` in `range`, `fallback` when absent; a value that does not parse or lies
    /// outside the range is a 400, never silently replaced, so a client's typo does not read the wrong page.
    func queryInteger<Value: FixedWidthInteger>(
        _ name: String, in request: Request, range: ClosedRange<Value>, fallback: Value
    ) throws -> Value {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Value(String(text), radix: 10), range.contains(value) else {
            throw refuse(
                .badRequest, .badRequest,
                "the query parameter \(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// The request's body as a JSON object: 415 unless it is `application/json`, 413 past `limit` bytes, 400 when
    /// it is not a JSON object (`example` shows the caller what to send).
    func jsonObjectBody(_ request: Request, limit: Int, example: String) async throws -> [String: Any] {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard contentType == "application/json" else {
            throw refuse(.unsupportedMediaType, .unsupportedMediaType, "send the body as application/json: \(example)")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw refuse(.tooLarge, .contentTooLarge, "the body is larger than \(limit) bytes")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw refuse(.badRequest, .badRequest, "the body must be a JSON object like \(example)")
        }
        return object
    }
}
