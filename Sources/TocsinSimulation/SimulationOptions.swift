import Foundation

/// What `tocsin simulate` generates: the estate's size, the simulated time span and rate, the scenario and the seed.
public struct SimulationOptions: Sendable, Equatable {
    /// Windows and Linux hosts in the estate (the named servers included; the firewall is not counted).
    public var hosts: Int
    /// Simulated time covered, in seconds.
    public var durationSeconds: Int
    /// Events per second of simulated time across the estate, attack events included.
    public var rate: Int
    /// The first instant of the run, in milliseconds since 1970-01-01T00:00:00Z.
    public var startMilliseconds: Int64
    /// The attack injected into the background, if any.
    public var scenario: SimulationScenario
    /// The seed: the same options give byte-identical output.
    public var seed: UInt64

    /// Monday 2026-11-23 07:00:00Z (08:00 in German practices), the default start.
    public static let defaultStartMilliseconds: Int64 = 1_795_417_200_000
    /// The default seed.
    public static let defaultSeed: UInt64 = 20_261_123
    /// The fewest hosts an estate can have: the named servers and a few workstations.
    public static let minimumHosts = 16
    /// The most hosts an estate can have (the address plan's workstation ranges).
    public static let maximumHosts = 50_000
    /// The shortest run the ransomware scenario fits into, in seconds.
    public static let minimumAttackSeconds = 20 * 60

    /// Options with the defaults: 200 hosts, one hour at 200 events/s, the ransomware scenario.
    public init(
        hosts: Int = 200, durationSeconds: Int = 3600, rate: Int = 200,
        startMilliseconds: Int64 = SimulationOptions.defaultStartMilliseconds,
        scenario: SimulationScenario = .ransomware, seed: UInt64 = SimulationOptions.defaultSeed
    ) {
        self.hosts = hosts
        self.durationSeconds = durationSeconds
        self.rate = rate
        self.startMilliseconds = startMilliseconds
        self.scenario = scenario
        self.seed = seed
    }

    /// Events of the whole run: rate × duration.
    public var totalEvents: Int { rate * durationSeconds }

    /// Throws the first problem with these options, naming the flag and the value.
    public func validate() throws(SimulationError) {
        if hosts < Self.minimumHosts || hosts > Self.maximumHosts {
            throw SimulationError(
                code: "S101",
                message: "--hosts \(hosts) is out of range: give \(Self.minimumHosts) to \(Self.maximumHosts) hosts")
        }
        if durationSeconds < 1 || durationSeconds > 31 * 86_400 {
            throw SimulationError(code: "S102", message: "--duration of \(durationSeconds) s is out of range: give 1s to 31d")
        }
        if rate < 1 || rate > 10_000_000 {
            throw SimulationError(code: "S103", message: "--rate \(rate) is out of range: give 1 to 10000000 events per second")
        }
        if scenario == .ransomware && durationSeconds < Self.minimumAttackSeconds {
            throw SimulationError(
                code: "S104",
                message: "--duration \(SimulationDuration.format(durationSeconds)) is too short for --scenario ransomware: "
                    + "give at least \(SimulationDuration.format(Self.minimumAttackSeconds)), or --scenario none")
        }
        if scenario == .ransomware && totalEvents < 20_000 {
            throw SimulationError(
                code: "S105",
                message: "--rate \(rate) over \(SimulationDuration.format(durationSeconds)) gives \(totalEvents) events, "
                    + "too few to hide the ransomware scenario's attack events in: give at least 20000 in all")
        }
    }
}

/// The attack a run injects.
public enum SimulationScenario: String, CaseIterable, Sendable {
    /// VPN foothold and phishing, credential theft, lateral movement, persistence, evasion, database theft,
    /// exfiltration, shadow-copy deletion and mass encryption (the contract's steps).
    case ransomware
    /// Benign background only.
    case none
}

/// Durations written as `90s`, `30m`, `2h`, `1d` or combined (`1h30m`).
public enum SimulationDuration {
    /// Seconds in `text`, or nil when it is not a duration.
    public static func parse(_ text: String) -> Int? {
        var total = 0
        var number: Int?
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (product, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return nil }
                number = sum
                continue
            }
            guard let value = number else { return nil }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: return nil
            }
            let (product, overflow1) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            if overflow1 || overflow2 { return nil }
            total = sum
            number = nil
        }
        if number != nil || text.isEmpty { return nil }
        return total
    }

    /// `seconds` in the shortest of these forms (`1h30m`, `45s`).
    public static func format(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        var parts = ""
        var rest = seconds
        for (unit, suffix) in [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            parts += "\(rest / unit)\(suffix)"
            rest %= unit
        }
        return parts
    }
}

/// A start time given as ISO 8601 (`2026-11-23T07:00:00Z`, fractional seconds allowed).
public enum SimulationStart {
    /// Milliseconds since 1970 for `text`, or nil when it is not an ISO 8601 time with a zone.
    public static func parse(_ text: String) -> Int64? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
