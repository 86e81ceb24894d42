/// A Windows event log: its provider and channel as evtx_dump writes them.
enum WindowsLog: Int, Sendable, CaseIterable {
    case sysmon, security, eventlogSecurity, serviceControlManager, eventlogSystem, defender, powerShell

    /// Logs with their own record-number sequence per host.
    static let sequenceCount = 5

    var sequence: Int {
        switch self {
        case .sysmon: 0
        case .security, .eventlogSecurity: 1
        case .serviceControlManager, .eventlogSystem: 2
        case .defender: 3
        case .powerShell: 4
        }
    }

    /// `"Provider":{…},` up to the event id.
    var providerPrefix: StaticString {
        switch self {
        case .sysmon: ##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":"##
        case .security: ##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":"##
        case .eventlogSecurity, .eventlogSystem: ##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Eventlog"}},"EventID":"##
        case .serviceControlManager: ##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Service Control Manager"}},"EventID":"##
        case .defender: ##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Windows Defender"}},"EventID":"##
        case .powerShell: ##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-PowerShell"}},"EventID":"##
        }
    }

    /// `,"Channel":"…","Computer":"` after the record id.
    var channelPrefix: StaticString {
        switch self {
        case .sysmon: #","Channel":"Microsoft-Windows-Sysmon/Operational","Computer":""#
        case .security, .eventlogSecurity: #","Channel":"Security","Computer":""#
        case .serviceControlManager, .eventlogSystem: #","Channel":"System","Computer":""#
        case .defender: #","Channel":"Microsoft-Windows-Windows Defender/Operational","Computer":""#
        case .powerShell: #","Channel":"Microsoft-Windows-PowerShell/Operational","Computer":""#
        }
    }
}

extension ByteBuffer {
    /// Writes a Windows event's System element and opens its EventData (or `UserData` with `userData` inside).
    mutating func beginWindowsEvent(
        _ log: WindowsLog, eventID: Int, level: Int, time: Int64, recordID: Int, computer: JSONText,
        userData: StaticString? = nil
    ) {
        append(log.providerPrefix)
        append(decimal: eventID)
        append(#","Level":"#)
        append(decimal: level)
        append(##","TimeCreated":{"#attributes":{"SystemTime":""##)
        SimulatedTime.append(time, iso: true, to: &self)
        append(#""}},"EventRecordID":"#)
        append(decimal: recordID)
        append(log.channelPrefix)
        append(computer)
        if let userData {
            append(#""},"UserData":{""#)
            append(userData)
            append(#"":{"#)
        } else {
            append(#""},"EventData":{"#)
        }
    }

    /// Closes what `beginWindowsEvent` opened and ends the line.
    mutating func endWindowsEvent(userData: Bool = false) {
        append(userData ? "}}}}\n" : "}}}\n")
    }

    /// `prefix` (`,"Name":"` or `"Name":"` for the first field) then `value` and the closing quote: one copy of
    /// the punctuation and name together, the per-event form of `field`.
    @inline(__always)
    mutating func put(_ prefix: StaticString, _ value: JSONText) {
        append(prefix)
        append(value)
        append(byte: UInt8(ascii: "\""))
    }

    @inline(__always)
    mutating func put(_ prefix: StaticString, _ value: StaticString) {
        append(prefix)
        append(value)
        append(byte: UInt8(ascii: "\""))
    }

    @inline(__always)
    mutating func put(_ prefix: StaticString, decimal value: Int) {
        append(prefix)
        append(decimal: value)
        append(byte: UInt8(ascii: "\""))
    }

    @inline(__always)
    mutating func put(_ prefix: StaticString, hex value: UInt64) {
        append(prefix)
        append("0x")
        var digits = 1
        while digits < 16 && value >> UInt64(digits * 4) != 0 { digits += 1 }
        append(hex: value, digits: digits)
        append(byte: UInt8(ascii: "\""))
    }

    @inline(__always)
    mutating func put(_ prefix: StaticString, utcTime time: Int64) {
        append(prefix)
        SimulatedTime.append(time, iso: false, to: &self)
        append(byte: UInt8(ascii: "\""))
    }

    /// `"name":"value"` with a leading comma unless `first`; `value` already escaped.
    @inline(__always)
    mutating func field(_ name: StaticString, _ value: JSONText, first: Bool = false) {
        append(first ? #"""# : #",""#)
        append(name)
        append(#"":""#)
        append(value)
        append(byte: UInt8(ascii: "\""))
    }

    /// `"name":"value"`, `value` escaped on the way.
    mutating func field(_ name: StaticString, escaping value: String, first: Bool = false) {
        append(first ? #"""# : #",""#)
        append(name)
        append(#"":""#)
        append(escaping: value)
        append(byte: UInt8(ascii: "\""))
    }

    /// `"name":"value"` for a static value.
    @inline(__always)
    mutating func field(_ name: StaticString, _ value: StaticString, first: Bool = false) {
        append(first ? #"""# : #",""#)
        append(name)
        append(#"":""#)
        append(value)
        append(byte: UInt8(ascii: "\""))
    }

    /// `"name":"123"`: evtx_dump writes EventData numbers as strings.
    @inline(__always)
    mutating func field(_ name: StaticString, decimal value: Int, first: Bool = false) {
        append(first ? #"""# : #",""#)
        append(name)
        append(#"":""#)
        append(decimal: value)
        append(byte: UInt8(ascii: "\""))
    }

    /// `"name":"0x1f3a"`.
    @inline(__always)
    mutating func field(_ name: StaticString, hex value: UInt64, first: Bool = false) {
        append(first ? #"""# : #",""#)
        append(name)
        append(#"":"0x"#)
        var digits = 1
        while digits < 16 && value >> UInt64(digits * 4) != 0 { digits += 1 }
        append(hex: value, digits: digits)
        append(byte: UInt8(ascii: "\""))
    }

    /// `"name":"2026-11-23 07:58:02.113"` (Sysmon's UtcTime).
    @inline(__always)
    mutating func field(_ name: StaticString, utcTime time: Int64, first: Bool = false) {
        append(first ? #"""# : #",""#)
        append(name)
        append(#"":""#)
        SimulatedTime.append(time, iso: false, to: &self)
        append(byte: UInt8(ascii: "\""))
    }
}
