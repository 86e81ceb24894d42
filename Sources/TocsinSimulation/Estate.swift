/// The simulated provider: a practice-software vendor and data-centre operator in the contract's address plan.
///
/// Named servers (DC01, DC02, FS01, SQL01, APP01…, BKP01, ADM-01/02, lx-app01…, lx-db01, lx-web01) and, for the
/// rest of `--hosts`, workstations `WS-0001`… (WS-0042, the attack's victim, is always there).
public struct Estate: Sendable {
    /// The Active Directory DNS domain.
    public static let domain = "medsoft.local"
    /// The NetBIOS domain name.
    public static let netbios = "MEDSOFT"
    /// The firewall's name in flows.
    public static let firewall = "fw01"
    /// The telematics connector (TI-Konnektor) and its admin port.
    public static let konnektorAddress = "10.20.9.10"
    /// The Konnektor's admin interface port, used only from ADM-01 and ADM-02.
    public static let konnektorAdminPort = 8443

    /// Owns the hosts' and users' texts.
    let store = TextStore()
    /// Every Windows and Linux host.
    public let hosts: [SimulatedHost]
    /// Workstation users first (user i works on the i-th workstation), then admins and service accounts.
    public let users: [SimulatedUser]
    /// The domain SID's three sub-authorities.
    let domainSid: (UInt64, UInt64, UInt64)
    /// Indexes of the hosts by role.
    let workstations: [Int]
    let domainControllers: [Int]
    let applicationServers: [Int]
    let linuxHosts: [Int]
    let windowsServers: [Int]
    let admins: [Int]
    let adminUsers: [Int]

    /// The estate for `hostCount` hosts; `random` picks per-host details (process ids, GUID prefixes).
    public init(hostCount: Int, random: inout SimulationRandom) {
        let appCount = min(2 + hostCount / 250, 9)
        let linuxAppCount = min(1 + hostCount / 300, 9)
        var plan: [(String, String, SimulatedHost.Role)] = [
            ("DC01", "10.20.1.10", .domainController), ("DC02", "10.20.1.11", .domainController),
            ("FS01", "10.20.1.20", .fileServer), ("SQL01", "10.20.1.30", .databaseServer),
        ]
        for index in 1...appCount { plan.append((String(format2("APP", index)), "10.20.1.\(40 + index - 1)", .applicationServer)) }
        plan.append(("BKP01", "10.20.1.60", .backupServer))
        plan.append(("ADM-01", "10.20.5.11", .adminWorkstation))
        plan.append(("ADM-02", "10.20.5.12", .adminWorkstation))
        for index in 1...linuxAppCount { plan.append((format2("lx-app", index), "10.20.2.\(10 + index - 1)", .linuxApplication)) }
        plan.append(("lx-db01", "10.20.2.30", .linuxDatabase))
        plan.append(("lx-web01", "10.20.2.40", .linuxWeb))
        let workstationCount = max(hostCount - plan.count, 1)
        var numbers = Array(1...workstationCount)
        if workstationCount < 42 { numbers[workstationCount - 1] = 42 }

        var hosts: [SimulatedHost] = []
        var users: [SimulatedUser] = []
        var workstations: [Int] = []
        for (position, number) in numbers.enumerated() {
            users.append(SimulatedUser(name: EstateNames.user(position), rid: 1100 + position, domain: Estate.netbios, store: store))
            workstations.append(hosts.count)
            hosts.append(
                SimulatedHost(
                    name: "WS-" + pad4(number), domain: Estate.domain, address: Estate.workstationAddress(number),
                    role: .workstation, user: position, store: store, random: &random))
        }
        var adminUsers: [Int] = []
        for name in EstateNames.admins {
            adminUsers.append(users.count)
            users.append(SimulatedUser(name: name, rid: 1100 + users.count, domain: Estate.netbios, store: store))
        }
        for name in EstateNames.serviceAccounts {
            users.append(SimulatedUser(name: name, rid: 1100 + users.count, domain: Estate.netbios, store: store))
        }
        var adminIndex = 0
        for (name, address, role) in plan {
            var user: Int?
            if role == .adminWorkstation {
                user = adminUsers[adminIndex % adminUsers.count]
                adminIndex += 1
            }
            hosts.append(
                SimulatedHost(
                    name: name, domain: Estate.domain, address: address, role: role, user: user, store: store,
                    random: &random))
        }
        self.hosts = hosts
        self.users = users
        self.workstations = workstations
        self.adminUsers = adminUsers
        domainControllers = hosts.indices.filter { hosts[$0].role == .domainController }
        applicationServers = hosts.indices.filter { hosts[$0].role == .applicationServer }
        linuxHosts = hosts.indices.filter { !hosts[$0].isWindows }
        windowsServers = hosts.indices.filter {
            [.domainController, .fileServer, .databaseServer, .applicationServer, .backupServer].contains(hosts[$0].role)
        }
        admins = hosts.indices.filter { hosts[$0].role == .adminWorkstation }
        domainSid = (
            UInt64(random.int(in: 1_000_000_000...4_000_000_000)), UInt64(random.int(in: 1_000_000_000...4_000_000_000)),
            UInt64(random.int(in: 100_000_000...4_000_000_000))
        )
    }

    /// The host named `name` (short name), if the estate has it.
    public func host(named name: String) -> Int? {
        hosts.firstIndex { $0.name == name }
    }

    /// The user named `name`, if the estate has it.
    public func user(named name: String) -> Int? {
        users.firstIndex { $0.name == name }
    }

    /// WS-n's address: 250 workstations per /24 from 10.20.3.0, skipping 10.20.5.0/24 (admins) and 10.20.9.0/24
    /// (the Konnektor), so that WS-0042 is 10.20.3.42 as the contract says.
    static func workstationAddress(_ number: Int) -> String {
        let block = (number - 1) / 250
        var octet = 3 + block
        if octet >= 5 { octet += 1 }
        if octet >= 9 { octet += 1 }
        return "10.20.\(octet).\((number - 1) % 250 + 1)"
    }
}

private func pad4(_ number: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}

private func format2(_ prefix: String, _ number: Int) -> String {
    prefix + (number < 10 ? "0" : "") + String(number)
}
