import Hummingbird
import NIOCore

/// Reads a request body into one array, refusing to hold more than a limit.
///
/// Hummingbird's `collectBody` starts from the first fragment's buffer and grows it by doubling as fragments arrive:
/// for a 1.4 MB batch of events that is a dozen reallocations, each a copy and fresh pages to fault in, and the
/// ingest then copied the result once more into an array. Here the array is sized from `Content-Length` (when the
/// sender gives one within the limit) and each fragment is copied once.
enum BodyCollector {
    /// More than `limit` bytes arrived (or were announced).
    struct TooLarge: Error {}

    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        if let announced = request.headers[.contentLength].flatMap({ Int($0) }) {
            guard announced <= limit else { throw TooLarge() }
            bytes.reserveCapacity(announced)
        }
        for try await fragment in request.body {
            guard bytes.count + fragment.readableBytes <= limit else { throw TooLarge() }
            fragment.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
