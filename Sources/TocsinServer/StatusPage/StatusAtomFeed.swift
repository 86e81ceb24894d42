import Foundation
import TocsinCore
import TocsinResponse

/// The page's history as an Atom 1.0 feed (RFC 4287): one entry per incident update and per maintenance update,
/// newest first, with identifiers that stay the same from one rendering to the next.
public enum StatusAtomFeed {
    /// The feed for `snapshot` in `language`; `baseURL` (such as `https://status.example.de`) makes every link and
    /// identifier absolute, and times in the text are shown in `timeZoneID`.
    public static func render(
        _ snapshot: StatusPageSnapshot, language: Language, links: StatusPageLinks, baseURL: URL,
        timeZoneID: String = "Europe/Berlin"
    ) -> String {
        var absolute = links
        absolute.absoluteBaseURL = baseURL.absoluteString
        let authority = tagAuthority(baseURL)
        let time = StatusTimeFormat(timeZoneID: timeZoneID)
        let entries =
            incidentEntries(snapshot, language: language, links: absolute, authority: authority, time: time)
            + maintenanceEntries(snapshot, language: language, links: absolute, authority: authority, time: time)
        let sorted = entries.sorted { ($0.updated, $0.id) > ($1.updated, $1.id) }
        let updated = sorted.first?.updated ?? snapshot.generatedAt
        let title = snapshot.title.text(in: language) + " – " + StatusPageStrings.feedSuffix.text(in: language)
        return ([
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(language.rawValue)\">",
            "<id>\(x(absolute.feed(in: language)))</id>",
            "<title type=\"text\">\(x(title))</title>",
            "<updated>\(timestamp(updated))</updated>",
            "<author><name>\(x(snapshot.organisation.text(in: language)))</name></author>",
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(x(absolute.feed(in: language)))\"/>",
            "<link rel=\"alternate\" type=\"text/html\" hreflang=\"\(language.rawValue)\" "
                + "href=\"\(x(absolute.page(in: language)))\"/>",
        ] + sorted.map { $0.xml(language: language) } + ["</feed>", ""]).joined(separator: "\n")
    }

    /// One feed entry before it is written out.
    struct Entry {
        let id: String
        let title: String
        let updated: Date
        let link: String
        let content: String
        let contentIsGerman: Bool

        func xml(language: Language) -> String {
            let lang = contentIsGerman && language != .de ? " xml:lang=\"de\"" : ""
            return [
                "<entry>",
                "<id>\(x(id))</id>",
                "<title type=\"text\">\(x(title))</title>",
                "<updated>\(timestamp(updated))</updated>",
                "<link rel=\"alternate\" type=\"text/html\" href=\"\(x(link))\"/>",
                "<content type=\"text\"\(lang)>\(x(content))</content>",
                "</entry>",
            ].joined(separator: "\n")
        }
    }

    /// An RFC 3339 time in UTC.
    static func timestamp(_ date: Date) -> String {
        StatusTimeFormat(timeZone: TimeZone(secondsFromGMT: 0) ?? StatusTimeFormat.berlin).iso8601(date)
            .replacingOccurrences(of: "+00:00", with: "Z")
    }

    /// A `tag:` URI (RFC 4151) for an item minted on the day `date` falls on, under the feed's host name.
    static func tag(authority: String, date: Date, _ parts: [String]) -> String {
        let day = String(timestamp(date).prefix(10))
        return "tag:\(authority),\(day):" + parts.map(percentEncoded).joined(separator: "/")
    }

    static func x(_ text: String) -> String { HTMLEscaping.escape(text) }

    private static func tagAuthority(_ baseURL: URL) -> String {
        let host = baseURL.host?.lowercased() ?? ""
        return host.isEmpty ? "tocsin.invalid" : host
    }

    private static func percentEncoded(_ part: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return part.addingPercentEncoding(withAllowedCharacters: allowed) ?? "_"
    }
}
