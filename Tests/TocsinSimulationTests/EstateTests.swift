import Testing

@testable import TocsinSimulation

/// The estate has the contract's hosts, names and addresses.
@Suite struct EstateTests {
    @Test(arguments: [16, 40, 500])
    func namedHostsAndAddressesAreTheContracts(hosts: Int) throws {
        var random = SimulationRandom(seed: 1)
        let estate = Estate(hostCount: hosts, random: &random)
        #expect(estate.hosts.count == hosts)
        let expected = [
            "DC01": "10.20.1.10", "DC02": "10.20.1.11", "FS01": "10.20.1.20", "SQL01": "10.20.1.30", "APP01": "10.20.1.40",
            "BKP01": "10.20.1.60", "ADM-01": "10.20.5.11", "ADM-02": "10.20.5.12", "WS-0042": "10.20.3.42",
        ]
        for (name, address) in expected {
            let host = try #require(estate.host(named: name), "\(name) missing")
            #expect(estate.hosts[host].address == address)
            #expect(estate.hosts[host].computer == name + ".medsoft.local")
        }
        for name in ["lx-app01", "lx-db01", "lx-web01"] {
            let host = try #require(estate.host(named: name), "\(name) missing")
            #expect(estate.hosts[host].computer == name)
            #expect(!estate.hosts[host].isWindows)
        }
        #expect(Set(estate.hosts.map(\.address)).count == hosts)
        #expect(estate.hosts.allSatisfy { $0.address.hasPrefix("10.20.") && $0.address != Estate.konnektorAddress })
        #expect(estate.user(named: "svc_vpn") != nil)
    }

    @Test func workstationAddressesSkipTheAdminAndKonnektorRanges() {
        let addresses = (1...50_000).map(Estate.workstationAddress)
        #expect(Set(addresses).count == 50_000)
        #expect(addresses.allSatisfy { !$0.hasPrefix("10.20.5.") && !$0.hasPrefix("10.20.9.") })
        #expect(addresses.allSatisfy { ($0.split(separator: ".").map { Int($0) ?? 999 }.max() ?? 999) <= 255 })
    }
}
