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
    /// Links between files of a static export (`index.html`, `index.en.html`, `history.de.atom`, …) instead of
    /// `?lang=` on one path: a plain file server ignores the query.
    public var staticFiles = false

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

    /// The links of a static export: files side by side in one folder, the form posting to `subscribeURL` (the
    /// live server, when it can be reached from outside).
    public static func staticSite(subscribeURL: String) -> StatusPageLinks {
        var links = StatusPageLinks(
            pagePath: "index", feedPath: "history", jsonPath: "summary", subscribePath: subscribeURL)
        links.staticFiles = true
        return links
    }

    /// The file a static export writes for `language`: `index.html` (German, the default), `index.en.html`,
    /// `history.de.atom`, `summary.en.json`.
    public static func staticFile(_ base: String, _ language: Language, extension suffix: String) -> String {
        base == "index" && language == .de ? "index.html" : "\(base).\(language.rawValue).\(suffix)"
    }

    /// The page in `language` (`?lang=de` or `?lang=en`).
    public func page(in language: Language) -> String {
        staticFiles ? url(Self.staticFile(pagePath, language, extension: "html")) : url(pagePath) + "?lang=" + language.rawValue
    }

    /// The Atom feed in `language`.
    public func feed(in language: Language) -> String {
        staticFiles ? url(Self.staticFile(feedPath, language, extension: "atom")) : url(feedPath) + "?lang=" + language.rawValue
    }

    /// The JSON summary in `language`.
    public func json(in language: Language) -> String {
        staticFiles ? url(Self.staticFile(jsonPath, language, extension: "json")) : url(jsonPath) + "?lang=" + language.rawValue
    }

    /// Where the subscription form posts to.
    /// Empty when there are no subscriptions: the page then shows no form.
    public var subscribe: String { staticFiles || subscribePath.isEmpty ? subscribePath : url(subscribePath) }
}
