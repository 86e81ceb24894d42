/// Event timestamps as seconds since 1970 (UTC), read from the text events carry.
public enum EventTime {
    /// Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]`; a time without a zone is taken as UTC (Windows
    /// writes `SystemTime` and Sysmon's `UtcTime` in UTC). Nil when the text is not such a timestamp.
    public static func seconds(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { seconds(bytes: $0) }
    }

    /// ``seconds(_:)`` over UTF-8 bytes.
    public static func seconds(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        guard index < bytes.count, bytes[index] == 0x54 || bytes[index] == 0x20 || bytes[index] == 0x74 else {
            return index == bytes.count ? Double(days(year, month, day) * 86400) : nil
        }
        index += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0.0
        if expect(0x3A) {
            guard let whole = digits(2), whole < 61 else { return nil }
            second = Double(whole)
            if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C {
                index += 1
                var scale = 0.1
                var any = false
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    second += Double(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        var offset = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == 0x5A || sign == 0x7A {
                index += 1
            } else if sign == 0x2B || sign == 0x2D {
                index += 1
                guard let hours = digits(2) else { return nil }
                _ = expect(0x3A)
                guard let minutes = digits(2) else { return nil }
                offset = (hours * 60 + minutes) * 60 * (sign == 0x2B ? 1 : -1)
            }
        }
        guard index == bytes.count else { return nil }
        return Double(days(year, month, day) * 86400 + hour * 3600 + minute * 60 - offset) + second
    }

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
