import Foundation
import Testing
import TocsinCore
import TocsinResponse

#if canImport(FoundationXML)
import FoundationXML
#endif

#if canImport(StatusPageRender)
@testable import StatusPageRender
#else
@testable import TocsinServer
#endif

/// Collects what the feed tests look at while `XMLParser` reads a feed.
final class StatusAtomCollector: NSObject, XMLParserDelegate {
    var root: String?
    var rootLanguage: String?
    var entryIDs: [String] = []
    var entryTitles: [String] = []
    var selfLinks: [String] = []
    private var path: [String] = []
    private var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if path.isEmpty {
            root = name
            rootLanguage = attributes["xml:lang"]
        }
        if name == "link", attributes["rel"] == "self", let href = attributes["href"] { selfLinks.append(href) }
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if path.count == 3, path[1] == "entry" {
            if name == "id" { entryIDs.append(text) }
            if name == "title" { entryTitles.append(text) }
        }
        path.removeLast()
        text = ""
    }

    /// Parses `feed`; `nil` when it is not well-formed.
    static func parse(_ feed: String) -> StatusAtomCollector? {
        let collector = StatusAtomCollector()
        let parser = XMLParser(data: Data(feed.utf8))
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }
}

@Suite("Status page: Atom feed")
struct StatusAtomFeedTests {
    static func feed(_ snapshot: StatusPageSnapshot, _ language: Language = .de) -> String {
        StatusAtomFeed.render(
            snapshot, language: language, links: StatusRenderFixture.links, baseURL: StatusRenderFixture.baseURL)
    }

    @Test(arguments: Language.allCases)
    func wellFormedWithOneEntryPerUpdate(language: Language) throws {
        let snapshot = StatusRenderFixture.snapshot()
        let parsed = try #require(StatusAtomCollector.parse(Self.feed(snapshot, language)))
        let updates = snapshot.incidents.map(\.updates.count).reduce(0, +)
            + snapshot.maintenances.map(\.updates.count).reduce(0, +)
        #expect(parsed.root == "feed")
        #expect(parsed.rootLanguage == language.rawValue)
        #expect(updates == 8)
        #expect(parsed.entryIDs.count == updates)
        #expect(Set(parsed.entryIDs).count == updates, "ids are unique")
        #expect(parsed.entryIDs.allSatisfy { $0.hasPrefix("tag:status.example.de,2026-") })
        #expect(parsed.selfLinks == ["https://status.example.de/status/history.atom?lang=\(language.rawValue)"])
    }

    @Test func newestEntryFirstWithPhaseInTheTitle() throws {
        let parsed = try #require(StatusAtomCollector.parse(Self.feed(StatusRenderFixture.snapshot())))
        #expect(parsed.entryTitles.first == "[Geplant] Rückführung des eAU-Empfangs in den Regelbetrieb")
        #expect(parsed.entryTitles.contains("[Ursache identifiziert] Cyberangriff: Dienste vorsorglich eingeschränkt"))
        #expect(parsed.entryIDs.contains("tag:status.example.de,2026-12-02:incident/2026-attack/update/u3"))
    }

    @Test func idsAreStableAcrossRenders() throws {
        var snapshot = StatusRenderFixture.snapshot()
        let first = try #require(StatusAtomCollector.parse(Self.feed(snapshot)))
        snapshot.generatedAt = snapshot.generatedAt.addingTimeInterval(600)
        snapshot.version += 1
        let second = try #require(StatusAtomCollector.parse(Self.feed(snapshot)))
        #expect(first.entryIDs == second.entryIDs)
        let english = try #require(StatusAtomCollector.parse(Self.feed(snapshot, .en)))
        #expect(Set(english.entryIDs) == Set(first.entryIDs), "a translation is the same entry")
    }

    @Test func hostileTextStaysText() throws {
        let feed = Self.feed(StatusRenderFixture.hostile())
        #expect(!feed.lowercased().contains("<script"))
        let parsed = try #require(StatusAtomCollector.parse(feed))
        #expect(parsed.entryTitles.contains("[Wird untersucht] <script>alert('de')</script> & \"Co\""))
    }

    @Test func controlCharactersDoNotBreakTheFeed() throws {
        var snapshot = StatusRenderFixture.snapshot()
        snapshot.incidents[0].title = LocalizedText("Null\u{0}Byte\u{1B}[31m")
        let parsed = try #require(StatusAtomCollector.parse(Self.feed(snapshot)))
        #expect(parsed.entryTitles.contains("[Wird untersucht] NullByte[31m"))
    }
}
