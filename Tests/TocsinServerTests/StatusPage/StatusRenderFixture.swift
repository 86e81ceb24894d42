import Foundation
import TocsinCore
import TocsinResponse

#if canImport(StatusPageRender)
import StatusPageRender
#else
@testable import TocsinServer
#endif

/// Snapshots for the rendering tests: the example breach at fixed winter and summer instants.
enum StatusRenderFixture {
    /// 2 Dec 2026, 13:05 UTC: 14:05 in Berlin on winter time (+01:00).
    static let winter = Date(timeIntervalSince1970: 1_796_216_700)
    /// 15 Jul 2026, 10:00 UTC: 12:00 in Berlin on summer time (+02:00).
    static let summer = Date(timeIntervalSince1970: 1_784_109_600)

    static let settings = StatusPageSettings.example
    static let links = StatusPageLinks()
    static let baseURL = URL(string: "https://status.example.de") ?? URL(fileURLWithPath: "/")

    static func snapshot(at now: Date = winter) -> StatusPageSnapshot { StatusPageSnapshot.example(now: now) }

    static func html(_ language: Language, at now: Date = winter) -> String {
        StatusPageHTML.render(snapshot(at: now), settings: settings, language: language, links: links)
    }

    /// The example with a hostile incident title, component name and update body.
    static func hostile() -> StatusPageSnapshot {
        var snapshot = snapshot()
        snapshot.incidents[0].title = LocalizedText(
            de: "<script>alert('de')</script> & \"Co\"", en: "<SCRIPT>x</SCRIPT>")
        snapshot.components[0].name = LocalizedText("eAU\" onmouseover=\"alert(1)")
        snapshot.incidents[0].updates[0].body = LocalizedText("<img src=x onerror=alert(1)>\n**fett**")
        return snapshot
    }

    /// The text between the element that carries `id="…"` and the next `closing` tag.
    static func element(id: String, closing: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: closing, range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
