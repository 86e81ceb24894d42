import Foundation
import Testing
import TocsinCore

#if canImport(StatusPageRender)
@testable import StatusPageRender
#else
@testable import TocsinServer
#endif

@Suite("Status page: escaping and times")
struct StatusFormattingTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("<b>&\"'</b>", "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;"),
        ("a\u{0}b\u{7}c\td", "abc\td"),
        ("Ärzte & Praxen", "Ärzte &amp; Praxen"),
    ])
    func escaping(text: String, expected: String) {
        #expect(HTMLEscaping.escape(text) == expected)
    }

    @Test func paragraphsFromBlankLinesAndBreaksFromNewlines() {
        let html = HTMLEscaping.paragraphs("Eins\nzwei\n\n\n  \nDrei <b>\r\n")
        #expect(html == "<p>Eins<br>\nzwei</p>\n<p>Drei &lt;b&gt;</p>")
        #expect(HTMLEscaping.paragraphs("") == "")
    }

    @Test func berlinAroundTheSpringChange() {
        let format = StatusTimeFormat(timeZoneID: "Europe/Berlin")
        // 29 Mar 2026, 00:59 and 01:00 UTC: the clocks go from 01:59 MEZ to 03:00 MESZ.
        let before = Date(timeIntervalSince1970: 1_774_745_940)
        let after = before.addingTimeInterval(60)
        #expect(format.human(before, in: .de) == "29.03.2026, 01:59 Uhr (MEZ, +01:00)")
        #expect(format.human(after, in: .de) == "29.03.2026, 03:00 Uhr (MESZ, +02:00)")
        #expect(format.human(after, in: .en) == "29 Mar 2026, 03:00 CEST (+02:00)")
        #expect(format.iso8601(after) == "2026-03-29T03:00:00+02:00")
    }

    @Test func otherZonesKeepTheirOffset() {
        let format = StatusTimeFormat(timeZoneID: "Asia/Kolkata")
        let date = Date(timeIntervalSince1970: 1_796_216_700)
        #expect(format.human(date, in: .de) == "02.12.2026, 18:35 Uhr (+05:30)")
        #expect(format.human(date, in: .en) == "2 Dec 2026, 18:35 (+05:30)")
        #expect(StatusTimeFormat(timeZoneID: "Nowhere/Unknown").timeZone.identifier == "Europe/Berlin")
    }
}
