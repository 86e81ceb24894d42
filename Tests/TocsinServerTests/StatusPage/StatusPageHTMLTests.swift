import Foundation
import Testing
import TocsinCore
import TocsinResponse

#if canImport(StatusPageRender)
@testable import StatusPageRender
#else
@testable import TocsinServer
#endif

@Suite("Status page: HTML")
struct StatusPageHTMLTests {
    @Test(arguments: Language.allCases)
    func documentLanguageAndAlternates(language: Language) {
        let html = StatusRenderFixture.html(language)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/status?lang=en\">"))
        #expect(html.contains("<link rel=\"alternate\" hreflang=\"de\" href=\"/status?lang=de\">"))
        #expect(html.contains("type=\"application/atom+xml\""))
        #expect(html.contains("href=\"/status/history.atom?lang=\(language.rawValue)\""))
        #expect(html.contains("<a href=\"/status?lang=en\" hreflang=\"en\" lang=\"en\""))
        #expect(html.contains("<a href=\"/status?lang=de\" hreflang=\"de\" lang=\"de\""))
    }

    @Test func germanLabels() {
        let html = StatusRenderFixture.html(.de)
        for text in [
            "Schwerwiegende Störung", "Vorsorglich abgeschaltet", "Notbetrieb (Ersatzverfahren aktiv)", "Ausfall",
            "Wartung", "Betriebsbereit", "Ursache identifiziert", "Was Sie jetzt tun sollten", "Nächste Aktualisierung",
            "Geplante Wartungen", "Verlauf der letzten 15 Tage", "Behoben", "Kontakt", "Zum Inhalt springen",
            "Wir fragen niemals per E-Mail oder Telefon nach Passwörtern oder Zugangsdaten.",
            "0800 000 5678", "Stand:", "Version 17",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
    }

    @Test func englishLabels() {
        let html = StatusRenderFixture.html(.en)
        for text in [
            "Major service outage", "Switched off as a precaution", "Emergency operation (fallback procedure active)",
            "Major outage", "Under maintenance", "Operational", "Identified", "What you should do now", "Next update",
            "Scheduled maintenance", "History of the last 15 days", "Skip to content",
            "We will never ask for passwords or access credentials by e-mail or phone.", "As of:",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("Vorsorglich abgeschaltet"))
    }

    @Test(arguments: Language.allCases)
    func everyComponentShowsItsStateInWords(language: Language) {
        let snapshot = StatusRenderFixture.snapshot()
        let html = StatusRenderFixture.html(language)
        for component in snapshot.components {
            let item = StatusRenderFixture.element(id: "component-\(component.id)", closing: "</li>", in: html)
            #expect(item?.contains(component.displayedState.label.text(in: language)) == true, "\(component.id)")
        }
        let eau = StatusRenderFixture.element(id: "component-eau", closing: "</li>", in: html)
        #expect(eau?.contains(language == .de ? "zwischengespeichert" : "queued") == true)
    }

    @Test func incidentUpdatesCarryVersionTimeActionsAndNextUpdate() throws {
        let html = StatusRenderFixture.html(.de)
        let incident = try #require(
            StatusRenderFixture.element(id: "incident-2026-attack", closing: "</article>", in: html))
        let versions = ["Version 3", "Version 2", "Version 1"].compactMap { incident.range(of: $0)?.lowerBound }
        #expect(versions.count == 3 && versions == versions.sorted(), "newest first")
        #expect(incident.contains("<ol class=\"actions\">\n<li>Ändern Sie die Passwörter Ihrer Praxissoftware.</li>"))
        #expect(incident.contains("Ändern Sie das Administrationspasswort Ihres TI-Konnektors."))
        #expect(incident.contains("<li>KIM-Postfächer: <span class=\"state state-major_outage\">Ausfall</span></li>"))
        // The third update at 13:05 Berlin promises the next at 17:05.
        #expect(incident.contains("Nächste Aktualisierung: <time datetime=\"2026-12-02T17:05:00+01:00\">"
            + "02.12.2026, 17:05 Uhr (MEZ, +01:00)</time>"))
    }

    @Test func timesAreBerlinWithTheirOffsetInWinterAndSummer() {
        let winterDE = StatusRenderFixture.html(.de)
        #expect(winterDE.contains(
            "Stand: <time datetime=\"2026-12-02T14:05:00+01:00\">02.12.2026, 14:05 Uhr (MEZ, +01:00)</time>"))
        #expect(StatusRenderFixture.html(.en).contains(
            "<time datetime=\"2026-12-02T14:05:00+01:00\">2 Dec 2026, 14:05 CET (+01:00)</time>"))
        let summer = StatusRenderFixture.summer
        #expect(StatusRenderFixture.html(.de, at: summer).contains(
            "<time datetime=\"2026-07-15T12:00:00+02:00\">15.07.2026, 12:00 Uhr (MESZ, +02:00)</time>"))
        #expect(StatusRenderFixture.html(.en, at: summer).contains(
            "<time datetime=\"2026-07-15T12:00:00+02:00\">15 Jul 2026, 12:00 CEST (+02:00)</time>"))
    }

    @Test func skipLinkFormAndNoScript() {
        let html = StatusRenderFixture.html(.de)
        #expect(html.contains("<a class=\"skip\" href=\"#main\">Zum Inhalt springen</a>"))
        #expect(html.contains("<main id=\"main\""))
        #expect(html.contains("<form method=\"post\" action=\"/status/subscribe\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"lang\" value=\"de\">"))
        #expect(html.contains("<label for=\"subscribe-email\">E-Mail-Adresse</label>"))
        #expect(html.contains("<input id=\"subscribe-email\" name=\"email\" type=\"email\""))
        #expect(html.contains("<button type=\"submit\">Abonnieren</button>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("rel=\"stylesheet\""))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test(arguments: Language.allCases)
    func oneH1AndHeadingsInOrder(language: Language) {
        let html = StatusRenderFixture.html(language)
        let levels = html.split(separator: "<h").compactMap { $0.first?.wholeNumberValue }
        #expect(levels.filter { $0 == 1 }.count == 1)
        #expect(levels.first == 1)
        for (previous, next) in zip(levels, levels.dropFirst()) {
            #expect(next <= previous + 1, "h\(previous) followed by h\(next)")
        }
    }

    @Test(arguments: Language.allCases)
    func hostileTextIsEscaped(language: Language) {
        let html = StatusPageHTML.render(
            StatusRenderFixture.hostile(), settings: StatusRenderFixture.settings, language: language,
            links: StatusRenderFixture.links)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onmouseover=\"alert"))
        #expect(html.contains(language == .de ? "&lt;script&gt;alert(&#39;de&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"
            : "&lt;SCRIPT&gt;x&lt;/SCRIPT&gt;"))
        #expect(html.contains("<p>&lt;img src=x onerror=alert(1)&gt;<br>\n**fett**</p>"))
    }

    @Test func englishReadersOfAGermanOnlyTextGetItMarkedGerman() {
        var snapshot = StatusRenderFixture.snapshot()
        snapshot.components[0].fallbackNote = LocalizedText("Nur auf Deutsch")
        let html = StatusPageHTML.render(
            snapshot, settings: StatusRenderFixture.settings, language: .en, links: StatusRenderFixture.links)
        #expect(html.contains("<span lang=\"de\">Nur auf Deutsch</span>"))
        #expect(html.contains("<p class=\"organisation\"><span lang=\"de\">Beispiel Kassen-IT GmbH</span></p>"))
    }

    @Test func aCalmPageSaysSo() {
        let snapshot = StatusPageSnapshot(
            organisation: LocalizedText("Org"), title: LocalizedText(de: "Status", en: "Status"),
            generatedAt: StatusRenderFixture.winter, version: 1,
            components: [StatusComponent(id: "a", name: LocalizedText("A"), position: 1)])
        let html = StatusPageHTML.render(
            snapshot, settings: StatusPageSettings(organisation: LocalizedText("Org")), language: .de,
            links: StatusRenderFixture.links)
        #expect(html.contains("<strong>Alle Systeme betriebsbereit</strong>"))
        #expect(html.contains("Derzeit liegen keine Vorfälle vor."))
        #expect(html.contains("Keine Wartungen geplant."))
        #expect(!html.contains("<h3>"), "a page without groups lists its components without group headings")
    }

    @Test func anAbsoluteBaseMakesEveryLinkAbsolute() {
        let links = StatusPageLinks(absoluteBaseURL: "https://status.example.de/")
        let html = StatusPageHTML.render(
            StatusRenderFixture.snapshot(), settings: StatusRenderFixture.settings, language: .de, links: links)
        #expect(html.contains("hreflang=\"en\" href=\"https://status.example.de/status?lang=en\""))
        #expect(html.contains("action=\"https://status.example.de/status/subscribe\""))
    }
}
