import TocsinCore

/// Where the page, its feed, its JSON summary and its subscription form live.
public struct StatusPageLinks: Sendable, Hashable, Codable {
    /// The page's path, such as `/status`.
    public var pagePath: String
    /// The Atom feed's path.
    public var feedPath: String
    /// The JSON summary's path.
    public var jsonPath: String
    /// Where the subscription form posts to.
    public var subscribePath: String
    /// An absolute base such as `https://status.example.de`, for a static export served elsewhere; `nil` keeps links
    /// relative to the host that serves the page.
    public var absoluteBaseURL: String?

    /// Creates links; the defaults put everything under `/status`.
    public init(
        pagePath: String = "/status", feedPath: String = "/status/history.atom",
        jsonPath: String = "/status/api/v2/summary.json", subscribePath: String = "/status/subscribe",
        absoluteBaseURL: String? = nil
    ) {
        self.pagePath = pagePath
        self.feedPath = feedPath
        self.jsonPath = jsonPath
        self.subscribePath = subscribePath
        self.absoluteBaseURL = absoluteBaseURL
    }

    /// `path` behind the absolute base, when there is one.
    public func url(_ path: String) -> String {
        guard var base = absoluteBaseURL, !base.isEmpty else { return path }
        while base.hasSuffix("/") { base.removeLast() }
        return path.hasPrefix("/") ? base + path : base + "/" + path
    }

    /// The page in `language` (`?lang=de` or `?lang=en`).
    public func page(in language: Language) -> String { url(pagePath) + "?lang=" + language.rawValue }

    /// The Atom feed in `language`.
    public func feed(in language: Language) -> String { url(feedPath) + "?lang=" + language.rawValue }

    /// The JSON summary in `language`.
    public func json(in language: Language) -> String { url(jsonPath) + "?lang=" + language.rawValue }

    /// Where the subscription form posts to.
    public var subscribe: String { url(subscribePath) }
}
