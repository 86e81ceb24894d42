import Foundation
import TocsinCore
import TocsinResponse

/// The page as JSON in the shape of Statuspage's `summary.json`, so that clients and aggregators that know Statuspage
/// read it: page, status (indicator and description), components, open incidents and upcoming or ongoing
/// maintenance. Tocsin's additions (reason, displayed state, fallback note, update version, next update, customer
/// actions) are extra keys that such clients ignore.
public enum StatusJSON {
    /// The summary in `language`: snake-case keys, sorted, dates ISO 8601 in UTC, absent values as `null`.
    public static func summary(
        _ snapshot: StatusPageSnapshot, settings: StatusPageSettings, language: Language, links: StatusPageLinks
    ) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(Summary(snapshot, settings: settings, language: language, links: links))
    }
}
