/// Renders events into one buffer per output file, numbering Windows records per host and log and counting lines.
///
/// Shared by the benign background and the attack, so that attack events carry record numbers in sequence
/// with the background of their host.
struct Emitter: ~Copyable {
    let estate: Estate
    var windows = ByteBuffer(capacity: 1 << 22)
    var linux = ByteBuffer(capacity: 1 << 20)
    var firewall = ByteBuffer(capacity: 1 << 21)
    /// Lines written so far to windows, linux, firewall (flushed or not).
    var lines = [0, 0, 0]
    /// Next record number per host and Windows log sequence.
    var recordIDs: [Int]
    /// Per-host counter mixed into process GUIDs.
    var guidCounters: [UInt64]

    init(estate: Estate, random: inout SimulationRandom) {
        self.estate = estate
        var ids: [Int] = []
        ids.reserveCapacity(estate.hosts.count * WindowsLog.sequenceCount)
        for _ in estate.hosts {
            for _ in 0..<WindowsLog.sequenceCount { ids.append(random.int(in: 10_000...2_000_000)) }
        }
        recordIDs = ids
        guidCounters = estate.hosts.map { _ in random.next() & 0xFFFF }
    }

    /// Starts a Windows event of `host`.
    @inline(__always)
    mutating func begin(
        _ log: WindowsLog, _ eventID: Int, level: Int = 4, host: Int, time: Int64, userData: StaticString? = nil
    ) {
        let slot = host * WindowsLog.sequenceCount + log.sequence
        let record = recordIDs[slot]
        recordIDs[slot] = record + 1
        windows.beginWindowsEvent(
            log, eventID: eventID, level: level, time: time, recordID: record, computer: estate.hosts[host].computerText,
            userData: userData)
    }

    /// Ends the Windows event begun last.
    @inline(__always)
    mutating func end(userData: Bool = false) {
        windows.endWindowsEvent(userData: userData)
        lines[0] += 1
    }

    /// Appends a Sysmon process GUID: `{machine-time-time-counter-000000000400}`.
    mutating func appendProcessGuid(host: Int, time: Int64, salt: UInt64) {
        let prefix = estate.hosts[host].guidPrefix
        let seconds = UInt64(max(time, 0) / 1000)
        windows.append(byte: UInt8(ascii: "{"))
        windows.append(hex: prefix, digits: 8)
        windows.append(byte: UInt8(ascii: "-"))
        windows.append(hex: seconds & 0xFFFF, digits: 4)
        windows.append(byte: UInt8(ascii: "-"))
        windows.append(hex: (seconds >> 16) & 0xFFFF, digits: 4)
        windows.append(byte: UInt8(ascii: "-"))
        windows.append(hex: salt & 0xFFFF, digits: 4)
        windows.append(#"-000000000"#)
        windows.append(hex: (prefix >> 8) & 0xF, digits: 1)
        windows.append(#"00}"#)
    }

    /// `"name":"{guid}"`.
    @inline(__always)
    mutating func guidField(_ name: StaticString, host: Int, time: Int64, salt: UInt64) {
        windows.append(#",""#)
        windows.append(name)
        windows.append(#"":""#)
        appendProcessGuid(host: host, time: time, salt: salt)
        windows.append(byte: UInt8(ascii: "\""))
    }

    /// The next GUID counter value of `host`.
    @inline(__always)
    mutating func nextGuidSalt(host: Int) -> UInt64 {
        guidCounters[host] &+= 1
        return guidCounters[host]
    }
}

/// The fields of a Sysmon process creation (event 1).
struct ProcessStart: Sendable {
    var image: ProcessImage
    var commandLine: JSONText
    var currentDirectory: JSONText
    /// `MEDSOFT\\user` or `NT AUTHORITY\\SYSTEM`, escaped.
    var user: JSONText
    var logonID: UInt64
    var session: Int
    var integrity: StaticString
    var processID: Int
    var parent: ProcessImage
    var parentCommandLine: JSONText
    var parentProcessID: Int
    /// When the parent started (milliseconds), for its GUID.
    var parentStart: Int64
}

/// Escaped user names Sysmon writes for the built-in accounts.
enum BuiltinUser {
    static let system = JSONText("NT AUTHORITY\\SYSTEM")
    static let networkService = JSONText("NT AUTHORITY\\NETWORK SERVICE")
    static let localService = JSONText("NT AUTHORITY\\LOCAL SERVICE")
}
