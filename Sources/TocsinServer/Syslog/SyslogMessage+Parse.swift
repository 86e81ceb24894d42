extension SyslogMessage {
    /// Parses one message: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG` (RFC 5424) or
    /// `<PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG` (RFC 3164); anything else is refused with the column where it shows.
    static func parse(_ bytes: [UInt8]) -> Result<SyslogMessage, SyslogParseError> {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        var reader = SyslogReader(bytes: bytes[..<end])
        do throws(SyslogParseError) {
            let priority = try reader.priority()
            if reader.atVersion() {
                return .success(try reader.rfc5424(priority: priority))
            }
            if reader.atMonth() {
                return .success(try reader.rfc3164(priority: priority))
            }
            throw reader.error(
                "expected the RFC 5424 version '1 ' or an RFC 3164 timestamp such as 'Oct 11 22:14:15'"
                    + " after the priority"
            )
        } catch {
            return .failure(error)
        }
    }
}

/// A cursor over one message's bytes (only ``SyslogMessage`` uses it).
struct SyslogReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    var atEnd: Bool { index >= bytes.endIndex }
    var current: UInt8? { atEnd ? nil : bytes[index] }

    func error(_ message: String, at position: Int? = nil) -> SyslogParseError {
        SyslogParseError(column: (position ?? index) - bytes.startIndex + 1, message: message)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `<0>` to `<191>`.
    mutating func priority() throws(SyslogParseError) -> Int {
        guard current == 0x3C else {
            throw error("expected '<' and a priority such as <34>: a syslog message starts with one")
        }
        index += 1
        let start = index
        var value = 0
        while let byte = current, Self.isDigit(byte), index - start < 3 {
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        guard index > start, current == 0x3E else {
            throw error("expected a priority of 1 to 3 digits closed by '>', such as <34>")
        }
        guard value <= 191 else {
            throw error("the priority \(value) is over 191 (facility 23, severity 7)", at: start)
        }
        index += 1
        return value
    }

    /// Whether a 5424 version (`1 ` and up) follows.
    func atVersion() -> Bool {
        var position = index
        while position < bytes.endIndex, Self.isDigit(bytes[position]), position - index < 3 { position += 1 }
        return position > index && bytes[index] != 0x30 && position < bytes.endIndex && bytes[position] == 0x20
    }

    /// Whether a 3164 month name follows.
    func atMonth() -> Bool {
        guard bytes.endIndex - index >= 4 else { return false }
        let name = String(decoding: bytes[index..<index + 3], as: UTF8.self)
        return Self.months.contains(name) && bytes[index + 3] == 0x20
    }

    /// Reads up to the next space (or the end) and skips that one space.
    mutating func token() -> ArraySlice<UInt8> {
        let start = index
        while let byte = current, byte != 0x20 { index += 1 }
        let token = bytes[start..<index]
        if !atEnd { index += 1 }
        return token
    }

    /// A 5424 header field: printable US-ASCII, at most `limit` long; nil for `-`.
    mutating func field(_ name: String, limit: Int) throws(SyslogParseError) -> String? {
        guard !atEnd else { throw error("the header ends before \(name)") }
        let start = index
        let value = token()
        guard !value.isEmpty else { throw error("expected \(name), found a second space", at: start) }
        guard value.count <= limit else {
            throw error("\(name) is \(value.count) characters long, over RFC 5424's \(limit)", at: start)
        }
        if let bad = value.firstIndex(where: { $0 < 0x21 || $0 > 0x7E }) {
            throw error("\(name) may hold printable US-ASCII only", at: bad)
        }
        return value.elementsEqual([0x2D]) ? nil : String(decoding: value, as: UTF8.self)
    }

    mutating func rfc5424(priority: Int) throws(SyslogParseError) -> SyslogMessage {
        let versionStart = index
        let version = token()
        guard version.elementsEqual([0x31]) else {
            throw error(
                "RFC 5424 version \(String(decoding: version, as: UTF8.self)) is not supported; only 1 is",
                at: versionStart)
        }
        let timestampStart = index
        let timestamp = try field("TIMESTAMP", limit: 64)
        if let timestamp, !Self.isRFC3339(timestamp) {
            throw error(
                "expected TIMESTAMP in RFC 3339 form such as 2026-11-20T09:00:00.000Z, or '-'", at: timestampStart)
        }
        let hostname = try field("HOSTNAME", limit: 255)
        let appName = try field("APP-NAME", limit: 48)
        let processID = try field("PROCID", limit: 128)
        let messageID = try field("MSGID", limit: 32)
        guard !atEnd else { throw error("the header ends before STRUCTURED-DATA: write '-' when there is none") }
        var elements: [SyslogMessage.Element] = []
        if current == 0x2D {
            index += 1
        } else {
            guard current == 0x5B else { throw error("expected STRUCTURED-DATA: '[' or '-'") }
            while current == 0x5B { elements.append(try element()) }
        }
        if !atEnd {
            guard current == 0x20 else { throw error("expected a space between STRUCTURED-DATA and MSG") }
            index += 1
        }
        var body = bytes[index...]
        if body.starts(with: Self.bom) { body = body.dropFirst(3) }
        return SyslogMessage(
            format: .rfc5424, facility: priority / 8, severity: priority % 8, timestamp: timestamp,
            hostname: hostname, appName: appName, processID: processID, messageID: messageID,
            structuredData: elements, body: Array(body))
    }

    /// `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`, by shape.
    static func isRFC3339(_ text: String) -> Bool {
        let characters = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.allSatisfy { $0 < characters.count && isDigit(characters[$0]) }
        }
        guard characters.count >= 20, digits(0..<4), characters[4] == 0x2D, digits(5..<7), characters[7] == 0x2D,
            digits(8..<10), characters[10] == 0x54, digits(11..<13), characters[13] == 0x3A, digits(14..<16),
            characters[16] == 0x3A, digits(17..<19)
        else { return false }
        var position = 19
        if characters[position] == 0x2E {
            position += 1
            let start = position
            while position < characters.count, isDigit(characters[position]) { position += 1 }
            guard position > start, position - start <= 6 else { return false }
        }
        if position == characters.count - 1 { return characters[position] == 0x5A }
        return position == characters.count - 6 && (characters[position] == 0x2B || characters[position] == 0x2D)
            && digits(position + 1..<position + 3) && characters[position + 3] == 0x3A
            && digits(position + 4..<position + 6)
    }

    /// An SD-NAME: 1 to 32 printable US-ASCII characters other than `=`, space, `]` and `"`.
    mutating func sdName(_ what: String) throws(SyslogParseError) -> String {
        let start = index
        while let byte = current, byte > 0x20, byte < 0x7F, byte != 0x3D, byte != 0x5D, byte != 0x22 { index += 1 }
        guard index > start else { throw error("expected \(what)") }
        guard index - start <= 32 else { throw error("\(what) is over 32 characters", at: start) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `[id name="value" …]`; in a value, `\"`, `\\` and `\]` stand for the character, any other backslash for
    /// itself.
    mutating func element() throws(SyslogParseError) -> SyslogMessage.Element {
        index += 1
        let id = try sdName("an SD-ID after '['")
        var parameters: [(name: String, value: String)] = []
        while current == 0x20 {
            index += 1
            let name = try sdName("a parameter name")
            guard current == 0x3D else { throw error("expected '=' after the parameter name \(name)") }
            index += 1
            guard current == 0x22 else { throw error("expected '\"' to open the value of \(name)") }
            index += 1
            var value: [UInt8] = []
            let valueStart = index
            while true {
                guard let byte = current else {
                    throw error("the value of \(name) is not closed by '\"'", at: valueStart - 1)
                }
                index += 1
                if byte == 0x22 { break }
                if byte == 0x5C, let next = current, next == 0x22 || next == 0x5C || next == 0x5D {
                    value.append(next)
                    index += 1
                } else {
                    value.append(byte)
                }
            }
            parameters.append((name, String(decoding: value, as: UTF8.self)))
        }
        guard current == 0x5D else { throw error("expected ' name=\"value\"' or ']' in the element \(id)") }
        index += 1
        return SyslogMessage.Element(id: id, parameters: parameters)
    }

    mutating func rfc3164(priority: Int) throws(SyslogParseError) -> SyslogMessage {
        // `Mmm dd hh:mm:ss`, the day padded with a space or a zero.
        let start = index
        guard bytes.endIndex - index >= 15 else { throw error("the RFC 3164 timestamp 'Mmm dd hh:mm:ss' is cut short") }
        let stamp = Array(bytes[index..<index + 15])
        let dayOK = (stamp[4] == 0x20 || Self.isDigit(stamp[4])) && Self.isDigit(stamp[5])
        let timeOK =
            [7, 8, 10, 11, 13, 14].allSatisfy { Self.isDigit(stamp[$0]) } && stamp[9] == 0x3A
            && stamp[12] == 0x3A && stamp[6] == 0x20
        guard dayOK, timeOK else { throw error("expected an RFC 3164 timestamp such as 'Oct 11 22:14:15'", at: start) }
        index += 15
        let timestamp = String(decoding: stamp, as: UTF8.self)
        guard current == 0x20 || atEnd else { throw error("expected a space after the timestamp") }
        if !atEnd { index += 1 }
        // HOSTNAME is optional in practice: a first word that ends in ':' or holds '[' is already the TAG.
        var hostname: String?
        let rest = index
        let first = token()
        if !first.isEmpty, first.last != 0x3A, !first.contains(0x5B) {
            hostname = String(decoding: first, as: UTF8.self)
        } else {
            index = rest
        }
        var appName: String?
        var processID: String?
        let tagStart = index
        while let byte = current, byte != 0x20, byte != 0x3A, byte != 0x5B, index - tagStart < 48 { index += 1 }
        if index > tagStart, let byte = current, byte == 0x3A || byte == 0x5B {
            appName = String(decoding: bytes[tagStart..<index], as: UTF8.self)
            if byte == 0x5B, let close = bytes[index...].firstIndex(of: 0x5D) {
                processID = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                index = close + 1
            }
            if current == 0x3A { index += 1 }
            if current == 0x20 { index += 1 }
        } else {
            // No TAG: the body starts right after the hostname.
            index = tagStart
        }
        var body = bytes[index...]
        if body.starts(with: Self.bom) { body = body.dropFirst(3) }
        return SyslogMessage(
            format: .rfc3164, facility: priority / 8, severity: priority % 8, timestamp: timestamp, hostname: hostname,
            appName: appName, processID: processID, messageID: nil, body: Array(body))
    }
}
