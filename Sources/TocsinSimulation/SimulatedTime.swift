/// Simulated time: milliseconds since 1970-01-01T00:00:00Z, rendered without Foundation's formatters.
struct SimulatedTime {
    /// `milliseconds` as `2026-11-23T07:58:02.113Z` (`iso: true`) or Sysmon's `2026-11-23 07:58:02.113`.
    static func append(_ milliseconds: Int64, iso: Bool, to buffer: inout ByteBuffer) {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        if seconds != buffer.timePrefixSecond {
            buffer.timePrefix = prefix(seconds: seconds)
            buffer.timePrefixSecond = seconds
        }
        let millis = Int(milliseconds - seconds * 1000)
        buffer.reserve(24)
        let prefix = buffer.timePrefix
        withUnsafeBytes(of: prefix) { raw in
            buffer.append(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), 19)
        }
        if !iso { buffer.replaceByte(at: buffer.count - 9, with: UInt8(ascii: " ")) }
        buffer.append(byte: UInt8(ascii: "."))
        buffer.append(padded: millis, width: 3)
        if iso { buffer.append(byte: UInt8(ascii: "Z")) }
    }

    /// `YYYY-MM-DDTHH:MM:SS` of a second since 1970, in the first 19 of 24 bytes.
    static func prefix(seconds: Int64) -> (UInt64, UInt64, UInt64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            func put(_ value: Int, at offset: Int, width: Int) {
                var rest = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    raw[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                    rest /= 10
                }
            }
            put(year, at: 0, width: 4)
            raw[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            raw[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            raw[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, at: 11, width: 2)
            raw[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, at: 14, width: 2)
            raw[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, at: 17, width: 2)
        }
        return words
    }

    /// The ISO form of `milliseconds` as a string (ground truth, tests).
    static func iso(_ milliseconds: Int64) -> String {
        var buffer = ByteBuffer(capacity: 24)
        append(milliseconds, iso: true, to: &buffer)
        return buffer.view.escaped
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
