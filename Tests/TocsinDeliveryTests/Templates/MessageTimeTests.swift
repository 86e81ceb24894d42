import Foundation
import Testing
import TocsinCore

@testable import TocsinDelivery

@Suite("Times in messages")
struct MessageTimeTests {
    @Test(
        "Europe/Berlin wall time with zone and offset, across both changes of 2026",
        arguments: [
            // Winter time in December, the example of the notes.
            ("2026-12-02T00:15:00Z", "02.12.2026, 01:15 Uhr (MEZ, UTC+01:00)", "2 Dec 2026, 01:15 CET (UTC+01:00)"),
            // 29 March 2026: clocks go from 02:00 CET to 03:00 CEST at 01:00 UTC.
            ("2026-03-29T00:59:00Z", "29.03.2026, 01:59 Uhr (MEZ, UTC+01:00)", "29 Mar 2026, 01:59 CET (UTC+01:00)"),
            ("2026-03-29T01:00:00Z", "29.03.2026, 03:00 Uhr (MESZ, UTC+02:00)", "29 Mar 2026, 03:00 CEST (UTC+02:00)"),
            // 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET at 01:00 UTC; 02:30 happens twice.
            ("2026-10-25T00:30:00Z", "25.10.2026, 02:30 Uhr (MESZ, UTC+02:00)", "25 Oct 2026, 02:30 CEST (UTC+02:00)"),
            ("2026-10-25T01:30:00Z", "25.10.2026, 02:30 Uhr (MEZ, UTC+01:00)", "25 Oct 2026, 02:30 CET (UTC+01:00)"),
            ("2026-07-09T22:05:00Z", "10.07.2026, 00:05 Uhr (MESZ, UTC+02:00)", "10 Jul 2026, 00:05 CEST (UTC+02:00)"),
        ])
    func berlin(utc: String, german: String, english: String) {
        #expect(MessageTime.format(date(utc), language: .de) == german)
        #expect(MessageTime.format(date(utc), language: .en) == english)
    }

    @Test("ISO 8601 carries the Berlin offset of the moment")
    func iso() {
        #expect(MessageTime.iso(date("2026-12-02T00:15:00Z")) == "2026-12-02T01:15:00+01:00")
        #expect(MessageTime.iso(date("2026-10-25T00:30:00Z")) == "2026-10-25T02:30:00+02:00")
        #expect(MessageTime.iso(date("2026-10-25T01:30:00Z")) == "2026-10-25T02:30:00+01:00")
    }

    @Test("The 24 h and 72 h instants are counted in real hours across the October change")
    func clocksAcrossTheChange() throws {
        let notice = MessageContext.Notice(
            version: "1.0", asOf: date("2026-10-24T10:00:00Z"), awarenessAt: date("2026-10-24T08:00:00Z"))
        let early = try #require(notice.earlyWarningDue)
        let full = try #require(notice.notificationDue)
        // Aware at 10:00 CEST on Saturday; 24 real hours later the clocks show 09:00 CET.
        #expect(MessageTime.format(early, language: .de) == "25.10.2026, 09:00 Uhr (MEZ, UTC+01:00)")
        #expect(MessageTime.format(full, language: .en) == "27 Oct 2026, 09:00 CET (UTC+01:00)")
    }
}
