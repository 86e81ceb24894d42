import Foundation

/// Times as the store keeps them: integer microseconds since 1970-01-01 UTC, in both databases.
///
/// Integers rather than each database's own time type so that a value round-trips exactly and hashes the same
/// in SQLite and PostgreSQL.
public enum Timestamp {
    /// Microseconds since 1970 for `date`, rounded to the nearest microsecond.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The date for microseconds since 1970.
    public static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    /// RFC 3339 in UTC with six fraction digits: `2026-12-01T18:30:42.123456Z`.
    ///
    /// Computed from the integer with the days-from-civil algorithm (Howard Hinnant), not a formatter, so the text
    /// the audit hash covers never depends on locale, time zone or Foundation version.
    public static func rfc3339(microseconds: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay
        var rest = microseconds % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        let (year, month, day) = civil(daysSince1970: days)
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        // Written digit by digit into one buffer (the audit chain writes a time per entry).
        var text: [UInt8] = []
        text.reserveCapacity(32)
        pad(year, 4, &text)
        text.append(UInt8(ascii: "-"))
        pad(month, 2, &text)
        text.append(UInt8(ascii: "-"))
        pad(day, 2, &text)
        text.append(UInt8(ascii: "T"))
        pad(seconds / 3600, 2, &text)
        text.append(UInt8(ascii: ":"))
        pad(seconds / 60 % 60, 2, &text)
        text.append(UInt8(ascii: ":"))
        pad(seconds % 60, 2, &text)
        text.append(UInt8(ascii: "."))
        pad(fraction, 6, &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `value` in decimal (as `String(value)` writes it), with zeros before it up to `width` characters.
    private static func pad(_ value: Int64, _ width: Int, _ text: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if value < 0 { digits.append(UInt8(ascii: "-")) }
        for _ in digits.count..<max(width, digits.count) { text.append(UInt8(ascii: "0")) }
        text.append(contentsOf: digits.reversed())
    }

    private static func civil(daysSince1970: Int64) -> (Int64, Int64, Int64) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
