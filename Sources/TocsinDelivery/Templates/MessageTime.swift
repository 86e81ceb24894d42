import Foundation
import TocsinCore

/// Writes a moment as people in Germany read it: Europe/Berlin wall time with the zone's name and UTC offset.
///
/// `02.12.2026, 01:15 Uhr (MEZ, UTC+01:00)` in German, `2 Dec 2026, 01:15 CET (UTC+01:00)` in English. The text is
/// built here, not by the platform's date formatter, so it reads the same on every machine whatever locale data
/// it has; only the zone rules come from the system.
public enum MessageTime {
    /// The zone every message states times in.
    public static let zone: TimeZone = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    /// The moment in Europe/Berlin for a reader of `language`.
    public static func format(_ date: Date, language: Language) -> String {
        let wall = WallTime(date)
        let offset = wall.offsetText
        switch language {
        case .de:
            let name = wall.zoneName(german: true).map { "\($0), " } ?? ""
            return
                "\(two(wall.day)).\(two(wall.month)).\(wall.year), \(two(wall.hour)):\(two(wall.minute)) Uhr (\(name)\(offset))"
        case .en:
            let name = wall.zoneName(german: false).map { "\($0) " } ?? ""
            return
                "\(wall.day) \(englishMonths[wall.month - 1]) \(wall.year), \(two(wall.hour)):\(two(wall.minute)) \(name)(\(offset))"
        }
    }

    /// ISO 8601 with the Europe/Berlin offset, to the second: `2026-12-02T01:15:00+01:00`.
    public static func iso(_ date: Date) -> String {
        let wall = WallTime(date)
        let sign = wall.offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(wall.offsetSeconds) / 60
        return
            "\(wall.year)-\(two(wall.month))-\(two(wall.day))T\(two(wall.hour)):\(two(wall.minute)):\(two(wall.second))"
            + "\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }

    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// The calendar fields of a moment in the message zone.
    private struct WallTime {
        var year, month, day, hour, minute, second, offsetSeconds: Int

        init(_ date: Date) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = MessageTime.zone
            let fields = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            year = fields.year ?? 0
            month = fields.month ?? 1
            day = fields.day ?? 1
            hour = fields.hour ?? 0
            minute = fields.minute ?? 0
            second = fields.second ?? 0
            offsetSeconds = MessageTime.zone.secondsFromGMT(for: date)
        }

        var offsetText: String {
            let sign = offsetSeconds < 0 ? "-" : "+"
            let minutes = abs(offsetSeconds) / 60
            return "UTC\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
        }

        /// Central European (Summer) Time by its offset; nil for any other offset, which only a zone without
        /// Berlin's rules would give.
        func zoneName(german: Bool) -> String? {
            switch offsetSeconds {
            case 3600: german ? "MEZ" : "CET"
            case 7200: german ? "MESZ" : "CEST"
            default: nil
            }
        }
    }
}
