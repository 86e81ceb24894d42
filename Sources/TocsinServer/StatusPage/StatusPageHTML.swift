import Foundation
import TocsinCore
import TocsinResponse

/// The public status page as one self-contained HTML5 document: no JavaScript, no cookies, no external assets,
/// readable by screen readers (one `h1`, headings in order, states in words and not by colour alone).
public enum StatusPageHTML {
    /// The page for `snapshot` in `language`.
    public static func render(
        _ snapshot: StatusPageSnapshot, settings: StatusPageSettings, language: Language, links: StatusPageLinks
    ) -> String {
        let context = Context(
            snapshot: snapshot, settings: settings, language: language, links: links,
            time: StatusTimeFormat(timeZoneID: settings.timeZoneID))
        let sections = [
            overview(context), incidents(context), components(context), maintenance(context), contact(context),
            subscription(context), history(context),
        ]
        return [
            "<!DOCTYPE html>",
            "<html lang=\"\(language.rawValue)\">",
            head(context),
            "<body>",
            "<a class=\"skip\" href=\"#main\">\(context.phrase(StatusPageStrings.skipLink))</a>",
            header(context),
            "<main id=\"main\" tabindex=\"-1\">",
            "<h1>\(context.text(snapshot.title))</h1>",
            sections.joined(separator: "\n"),
            "</main>",
            "<footer><p>\(context.phrase(StatusPageStrings.footer))</p></footer>",
            "</body>",
            "</html>",
            "",
        ].joined(separator: "\n")
    }

    private static func head(_ context: Context) -> String {
        let language = context.language
        let alternates = Language.allCases.map { other in
            "<link rel=\"alternate\" hreflang=\"\(other.rawValue)\" "
                + "href=\"\(attribute(context.links.page(in: other)))\">"
        }
        let feedTitle = context.phrase(StatusPageStrings.feedSuffix) + " (Atom)"
        return ([
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"referrer\" content=\"no-referrer\">",
            "<title>\(context.phrase(context.snapshot.title)) – "
                + "\(context.phrase(context.snapshot.headline.text))</title>",
        ] + alternates + [
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(feedTitle)\" "
                + "href=\"\(attribute(context.links.feed(in: language)))\">",
            "<link rel=\"alternate\" type=\"application/json\" "
                + "href=\"\(attribute(context.links.json(in: language)))\">",
            "<style>\n\(stylesheet)\n</style>",
            "</head>",
        ]).joined(separator: "\n")
    }

    private static func header(_ context: Context) -> String {
        let items = Language.allCases.map { other in
            let name = StatusPageStrings.languageName(other)
            let current = other == context.language ? " aria-current=\"true\"" : ""
            return "<li><a href=\"\(attribute(context.links.page(in: other)))\" hreflang=\"\(other.rawValue)\" "
                + "lang=\"\(other.rawValue)\"\(current)>\(name)</a></li>"
        }
        return [
            "<header>",
            "<p class=\"organisation\">\(context.text(context.snapshot.organisation))</p>",
            "<nav aria-label=\"\(context.phrase(StatusPageStrings.languageNavigation))\"><ul class=\"languages\">",
            items.joined(separator: "\n"),
            "</ul></nav>",
            "</header>",
        ].joined(separator: "\n")
    }

    private static func overview(_ context: Context) -> String {
        let snapshot = context.snapshot
        return [
            "<section class=\"overall indicator-\(snapshot.indicator.rawValue)\" aria-labelledby=\"overall-heading\">",
            "<h2 id=\"overall-heading\">\(context.phrase(StatusPageStrings.overall))</h2>",
            "<p class=\"headline\" role=\"status\"><strong>\(context.phrase(snapshot.headline.text))</strong></p>",
            "<p class=\"as-of\">\(context.phrase(StatusPageStrings.asOf)): \(context.time(snapshot.generatedAt)) · "
                + "\(context.phrase(StatusPageStrings.version)) \(snapshot.version)</p>",
            "<p class=\"phishing\"><strong>\(context.phrase(StatusPageStrings.securityNotice)):</strong> "
                + "\(context.text(context.settings.antiPhishing))</p>",
            "</section>",
        ].joined(separator: "\n")
    }

    private static func contact(_ context: Context) -> String {
        guard !context.settings.contactLines.isEmpty else { return "" }
        let lines = context.settings.contactLines.map { "<li>\(context.text($0))</li>" }
        return [
            "<section aria-labelledby=\"contact-heading\">",
            "<h2 id=\"contact-heading\">\(context.phrase(StatusPageStrings.contact))</h2>",
            "<ul class=\"contact\">", lines.joined(separator: "\n"), "</ul>",
            "</section>",
        ].joined(separator: "\n")
    }

    private static func subscription(_ context: Context) -> String {
        let links = context.links
        let language = context.language
        let feeds =
            "<p>\(context.phrase(StatusPageStrings.feeds)): "
            + "<a href=\"\(attribute(links.feed(in: language)))\" type=\"application/atom+xml\">"
            + "\(context.phrase(StatusPageStrings.atomFeed))</a> · "
            + "<a href=\"\(attribute(links.json(in: language)))\" type=\"application/json\">"
            + "\(context.phrase(StatusPageStrings.json))</a></p>"
        // Without subscriptions (none configured, or a static copy with no server to post to) only the feeds.
        guard !links.subscribe.isEmpty else {
            return ["<section aria-label=\"\(context.phrase(StatusPageStrings.feeds))\">", feeds, "</section>"]
                .joined(separator: "\n")
        }
        return [
            "<section aria-labelledby=\"subscribe-heading\">",
            "<h2 id=\"subscribe-heading\">\(context.phrase(StatusPageStrings.subscribe))</h2>",
            "<form method=\"post\" action=\"\(attribute(links.subscribe))\">",
            "<input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\">",
            "<label for=\"subscribe-email\">\(context.phrase(StatusPageStrings.emailAddress))</label>",
            "<input id=\"subscribe-email\" name=\"email\" type=\"email\" autocomplete=\"email\" required "
                + "aria-describedby=\"subscribe-hint\">",
            "<button type=\"submit\">\(context.phrase(StatusPageStrings.subscribeButton))</button>",
            "<p id=\"subscribe-hint\" class=\"hint\">\(context.phrase(StatusPageStrings.subscribeHint))</p>",
            "</form>",
            feeds,
            "</section>",
        ].joined(separator: "\n")
    }

    static func attribute(_ value: String) -> String { HTMLEscaping.escape(value) }

    /// The element identifier of an item (`incident-…`, `maintenance-…`), also the fragment the feed links to:
    /// ASCII letters, digits, `-` and `_`, anything else as `_`.
    static func fragment(_ prefix: String, _ id: String) -> String {
        let safe = id.unicodeScalars.map { scalar -> String in
            let letterOrDigit = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            return letterOrDigit || scalar == "-" || scalar == "_" ? String(scalar) : "_"
        }
        return prefix + "-" + safe.joined()
    }
}
