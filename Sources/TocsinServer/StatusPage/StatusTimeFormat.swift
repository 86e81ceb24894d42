import Foundation
import TocsinCore

/// Times as the status page shows them, in one time zone and always with its offset:
/// "02.12.2026, 14:05 Uhr (MEZ, +01:00)" and "2 Dec 2026, 14:05 CET (+01:00)".
///
/// Built from calendar fields rather than a locale's date format, so the text is the same on every machine
/// whatever locale data it has.
public struct StatusTimeFormat: Sendable, Hashable {
    /// The zone times are shown in.
    public var timeZone: TimeZone

    /// Shows times in `timeZone`.
    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// Shows times in the zone with IANA identifier `identifier`, or in Europe/Berlin when it is unknown.
    public init(timeZoneID identifier: String) {
        self.timeZone = TimeZone(identifier: identifier) ?? Self.berlin
    }

    /// Europe/Berlin, or UTC on a machine without time zone data.
    public static let berlin: TimeZone =
        TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 0) ?? .current

    /// `date` for people reading `language`.
    public func human(_ date: Date, in language: Language) -> String {
        let fields = self.fields(date)
        let clock = two(fields.hour) + ":" + two(fields.minute)
        let offset = self.offset(date)
        let names = zoneNames(date)
        switch language {
        case .de:
            let zone = names.map { "\($0.de), \(offset)" } ?? offset
            return "\(two(fields.day)).\(two(fields.month)).\(fields.year), \(clock) Uhr (\(zone))"
        case .en:
            let month = Self.englishMonths[(fields.month - 1) % 12]
            let zone = names.map { " \($0.en)" } ?? ""
            return "\(fields.day) \(month) \(fields.year), \(clock)\(zone) (\(offset))"
        }
    }

    /// `date` as ISO 8601 with the zone's offset, for `<time datetime>`: `2026-12-02T14:05:00+01:00`.
    public func iso8601(_ date: Date) -> String {
        let fields = self.fields(date)
        return "\(four(fields.year))-\(two(fields.month))-\(two(fields.day))T\(two(fields.hour)):\(two(fields.minute)):"
            + "\(two(fields.second))\(offset(date))"
    }

    /// The zone's offset from UTC at `date`, such as `+01:00`.
    public func offset(_ date: Date) -> String {
        let seconds = timeZone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + two(minutes / 60) + ":" + two(minutes % 60)
    }

    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Zones on Central European Time, whose names German and English readers know.
    private static let centralEuropean: Set<String> = [
        "Europe/Berlin", "Europe/Busingen", "Europe/Vienna", "Europe/Zurich", "Europe/Amsterdam", "Europe/Brussels",
        "Europe/Luxembourg", "Europe/Paris", "Europe/Rome", "Europe/Madrid", "Europe/Prague", "Europe/Warsaw",
        "Europe/Copenhagen", "Europe/Oslo", "Europe/Stockholm", "Europe/Budapest", "Europe/Bratislava",
        "Europe/Ljubljana", "Europe/Zagreb", "Europe/Vaduz", "Europe/Monaco", "Europe/Andorra", "Europe/Malta",
        "Europe/Belgrade", "Europe/San_Marino", "Europe/Vatican", "Europe/Tirane",
    ]

    private func zoneNames(_ date: Date) -> (de: String, en: String)? {
        if Self.centralEuropean.contains(timeZone.identifier) {
            return timeZone.isDaylightSavingTime(for: date) ? ("MESZ", "CEST") : ("MEZ", "CET")
        }
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier) { return ("UTC", "UTC") }
        return nil
    }

    private func fields(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (
            parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0
        )
    }

    private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private func four(_ value: Int) -> String {
        String(repeating: "0", count: max(0, 4 - "\(value)".count)) + "\(value)"
    }
}
