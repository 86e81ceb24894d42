/// The benign background: each call emits one event of a host picked by its weight, doing what its role does.
///
/// Kept within the contract's limits for benign activity so that it fires no pack rule: at most one failed
/// logon per account per clock hour, at most six user file writes per host per minute, outbound flows of at most
/// 20 MB per host per ten-minute window (so under 50 MB in any ten minutes), RC4 never asked for, the Konnektor's
/// admin port reached only from ADM-01/02, and nothing to or from the attacker's address.
struct Background: ~Copyable {
    let estate: Estate
    var random: SimulationRandom
    /// Running sums of host weights, for picking a host by weight.
    let cumulativeWeights: [Double]
    let totalWeight: Double
    /// Share of events that are firewall flows.
    let flowShare = 0.35

    var fileMinute: [Int64]
    var fileCount: [Int]
    var bytesWindow: [Int64]
    var bytesUsed: [Int]
    var failureHour: [Int64]
    var scratch = ByteBuffer(capacity: 1024)
    var scratch2 = ByteBuffer(capacity: 1024)
    /// `C:\Users\<name>\` per user, escaped.
    let homes: [JSONText]
    /// The interactive session's logon id and start per host.
    let sessionLogonIDs: [UInt64]
    let sessionStarts: [Int64]
    let domainControllerAddresses: [JSONText]
    let sqlHost: Int
    let fileServer: Int

    static let filesPerMinute = 6
    static let bytesPerWindow = 20_000_000

    init(estate: Estate, start: Int64, random: SimulationRandom) {
        self.estate = estate
        self.random = random
        var sum = 0.0
        var cumulative: [Double] = []
        for host in estate.hosts {
            sum += Background.weight(of: host.role)
            cumulative.append(sum)
        }
        cumulativeWeights = cumulative
        totalWeight = sum
        fileMinute = Array(repeating: -1, count: estate.hosts.count)
        fileCount = Array(repeating: 0, count: estate.hosts.count)
        bytesWindow = Array(repeating: -1, count: estate.hosts.count)
        bytesUsed = Array(repeating: 0, count: estate.hosts.count)
        failureHour = Array(repeating: -1, count: estate.users.count)
        homes = estate.users.map { estate.store.text("C:\\Users\\" + $0.name + "\\") }
        var parent = random
        var seeds = SimulationRandom(seed: parent.next() ^ 0x5E55)
        sessionLogonIDs = estate.hosts.map { _ in UInt64(seeds.int(in: 0x20000...0x9FFFFF)) }
        sessionStarts = estate.hosts.map { _ in start - Int64(seeds.int(in: 600_000...5_400_000)) }
        domainControllerAddresses = estate.domainControllers.map { estate.hosts[$0].addressText }
        sqlHost = estate.host(named: "SQL01") ?? 0
        fileServer = estate.host(named: "FS01") ?? 0
    }

    /// How many events a host of `role` shows relative to a workstation.
    static func weight(of role: SimulatedHost.Role) -> Double {
        switch role {
        case .workstation: 1
        case .adminWorkstation: 1.5
        case .domainController: 8
        case .fileServer: 5
        case .databaseServer, .applicationServer: 4
        case .backupServer: 2
        case .linuxApplication, .linuxDatabase: 3
        case .linuxWeb: 4
        }
    }

    /// A host index picked by weight.
    @inline(__always)
    mutating func pickHost() -> Int {
        let target = random.unit() * totalWeight
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Emits one benign event at `time`.
    mutating func emit(at time: Int64, into emitter: inout Emitter) {
        if random.unit() < flowShare {
            flow(at: time, host: pickHost(), into: &emitter)
            return
        }
        let host = pickHost()
        switch estate.hosts[host].role {
        case .workstation, .adminWorkstation: workstation(host, at: time, into: &emitter)
        case .domainController: domainController(host, at: time, into: &emitter)
        case .fileServer, .databaseServer, .applicationServer, .backupServer: server(host, at: time, into: &emitter)
        case .linuxApplication, .linuxDatabase, .linuxWeb: linux(host, at: time, into: &emitter)
        }
    }

    /// Whether `host` may write another user file this minute (and counts it).
    mutating func takeFileWrite(_ host: Int, at time: Int64) -> Bool {
        let minute = time / 60_000
        if fileMinute[host] != minute {
            fileMinute[host] = minute
            fileCount[host] = 0
        }
        if fileCount[host] >= Background.filesPerMinute { return false }
        fileCount[host] += 1
        return true
    }

    /// `wanted` bytes, or a keep-alive's worth when `host` has used its ten-minute budget.
    mutating func takeBytes(_ host: Int, at time: Int64, wanted: Int) -> Int {
        let window = time / 600_000
        if bytesWindow[host] != window {
            bytesWindow[host] = window
            bytesUsed[host] = 0
        }
        let bytes = bytesUsed[host] + wanted <= Background.bytesPerWindow ? wanted : random.int(in: 60...400)
        bytesUsed[host] += bytes
        return bytes
    }

    /// Whether `user` may mistype a password now (one failure per account per clock hour).
    mutating func takeFailure(_ user: Int, at time: Int64) -> Bool {
        let hour = time / 3_600_000
        if failureHour[user] == hour { return false }
        failureHour[user] = hour
        return true
    }

    /// A Windows process id: a multiple of 4.
    @inline(__always)
    mutating func windowsPid() -> Int { 4 * random.int(in: 300...6000) }

    /// An ephemeral source port.
    @inline(__always)
    mutating func ephemeralPort() -> Int { random.int(in: 49152...65535) }

    /// Renders `pieces` for `user` into `buffer`.
    static func render(
        _ pieces: [Piece], user: Int?, estate: Estate, homes: [JSONText], random: inout SimulationRandom,
        into buffer: inout ByteBuffer
    ) {
        buffer.removeAll()
        for piece in pieces {
            switch piece {
            case .text(let text): buffer.append(text)
            case .home:
                if let user { buffer.append(homes[user]) } else { buffer.append(Background.systemHome) }
            case .userName:
                if let user { buffer.append(estate.users[user].nameText) }
            case .number(let range):
                buffer.append(decimal: random.int(in: range))
            }
        }
    }

    static let systemHome = JSONText("C:\\Windows\\system32\\config\\systemprofile\\")
    static let system32Directory = JSONText("C:\\Windows\\system32\\")
}
