import Hummingbird
import Logging

/// Turns every error a route or the router throws into the API's JSON answer `{"error": message}` and counts it.
///
/// ``APIError``s already carry their JSON and were counted where they were raised, so they pass. Hummingbird's own
/// errors (no route, a body too large) get a JSON body with a message for their status; anything else is a 500
/// whose details go to the log only, since a client must not read internals.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = TocsinRequestContext

    let metrics: ServerMetrics
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as DeskError {
            let (counter, status): (ServerMetrics.Counter, HTTPResponse.Status) =
                switch error.kind {
                case .notFound, .noCatalogue: (.notFound, .notFound)
                case .invalid: (.badRequest, .badRequest)
                case .conflict: (.conflict, .conflict)
                }
            metrics.count(counter)
            throw APIError(status, error.message)
        } catch let error as any HTTPResponseError {
            let (counter, message) = Self.describe(error.status, path: request.uri.path)
            metrics.count(counter)
            throw APIError(error.status, message)
        } catch {
            metrics.count(.failed)
            logger.error(
                "request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, "the server failed to answer this request; it is logged")
        }
    }

    static func describe(_ status: HTTPResponse.Status, path: String) -> (ServerMetrics.Counter, String) {
        switch status {
        case .notFound: (.notFound, "no route \(path); see /openapi.yaml")
        case .methodNotAllowed: (.notFound, "the method is not allowed on \(path); see /openapi.yaml")
        case .contentTooLarge: (.tooLarge, "the body is too large")
        case .unsupportedMediaType: (.unsupportedMediaType, "the Content-Type is not supported")
        case .unauthorized: (.unauthenticated, "an API token is required: Authorization: Bearer <token>")
        case .forbidden: (.forbidden, "this request is not allowed")
        default:
            status.code >= 500
                ? (.failed, "the server failed to answer this request; it is logged")
                : (.badRequest, "the request is not valid: \(status.reasonPhrase)")
        }
    }
}
