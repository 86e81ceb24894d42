/// One host of the simulated estate, with the values its events repeat pre-rendered.
public struct SimulatedHost: Sendable {
    /// What a host is for; it decides which benign activity the host shows.
    public enum Role: Sendable, Equatable {
        case workstation, adminWorkstation, domainController, fileServer, databaseServer, applicationServer,
            backupServer, linuxApplication, linuxDatabase, linuxWeb
    }

    /// The short name: `WS-0042`, `SQL01`, `lx-db01`.
    public var name: String { nameText.unescaped }
    /// The name events carry: `WS-0042.medsoft.local` for Windows, the short name for Linux.
    public var computer: String { computerText.unescaped }
    /// The IPv4 address in 10.20.0.0/16.
    public var address: String { addressText.unescaped }
    /// What the host is for.
    public let role: Role
    /// The user of a workstation (an index into the estate's users), nil for servers.
    public let user: Int?

    let computerText: JSONText
    let nameText: JSONText
    let addressText: JSONText
    /// Sysmon's per-machine first part of a process GUID.
    let guidPrefix: UInt64
    /// Processes that live for the whole run: their ids and GUID counters.
    let explorerPid: Int
    let servicesPid: Int
    let lsassPid: Int
    let wmiPid: Int
    /// Machine SID sub-authorities (local accounts).
    let machineSid: (UInt64, UInt64, UInt64)

    /// Whether the host writes Windows events.
    public var isWindows: Bool {
        switch role {
        case .linuxApplication, .linuxDatabase, .linuxWeb: false
        default: true
        }
    }

    init(
        name: String, domain: String, address: String, role: Role, user: Int?, store: TextStore,
        random: inout SimulationRandom
    ) {
        self.role = role
        self.user = user
        let windows = !(role == .linuxApplication || role == .linuxDatabase || role == .linuxWeb)
        computerText = store.text(windows ? name + "." + domain : name)
        nameText = store.text(name)
        addressText = store.text(address)
        guidPrefix = random.next() & 0xFFFF_FFFF
        // Windows process ids are multiples of 4; these start early in boot.
        lsassPid = 4 * random.int(in: 150...220)
        servicesPid = lsassPid - 4 * random.int(in: 2...12)
        wmiPid = 4 * random.int(in: 700...1400)
        explorerPid = 4 * random.int(in: 1200...2600)
        machineSid = (
            UInt64(random.int(in: 1_000_000_000...4_000_000_000)), UInt64(random.int(in: 1_000_000_000...4_000_000_000)),
            UInt64(random.int(in: 100_000_000...4_000_000_000))
        )
    }
}

/// A person or service account of the estate.
public struct SimulatedUser: Sendable {
    /// The account name: `maria.fischer`, `svc_vpn`.
    public let name: String
    /// The relative id of the account's domain SID.
    public let rid: Int
    let nameText: JSONText
    /// `MEDSOFT\maria.fischer`, escaped.
    let qualifiedText: JSONText

    init(name: String, rid: Int, domain: String, store: TextStore) {
        self.name = name
        self.rid = rid
        nameText = store.text(name)
        qualifiedText = store.text(domain + "\\" + name)
    }
}
