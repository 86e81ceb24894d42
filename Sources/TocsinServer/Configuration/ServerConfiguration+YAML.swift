import Foundation
import TocsinCore
import TocsinResponse
import Yams

/// A problem in the configuration file, rendered like a compiler's message with file, line and field.
public struct ConfigurationError: TocsinError, Equatable {
    public var code: String { "T600" }
    public var file: String
    public var line: Int
    public var column: Int
    public var field: String
    public var problem: String
    public var hint: String?

    public var message: String { "\(file):\(line):\(column): '\(field)' \(problem)" }
}

extension ServerConfiguration {
    /// Splits `host:port` (`[v6]:port` for IPv6) with a port from 1 to 65535; the host may come back empty.
    ///
    /// `allowingPortZero` lets a caller that sets the value in code (a test) ask the kernel for a free port.
    public static func parseAddress(_ text: String, allowingPortZero: Bool = false) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            port > 0 || (allowingPortZero && port == 0), port < 65536
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    /// Reads and validates a configuration file's text; defaults fill what it leaves out.
    ///
    /// Throws the first problem found, naming the line and the field, so a typo never starts a server that
    /// silently runs with a default.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> ServerConfiguration {
        let reader = ConfigurationReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch {
            var line = 0
            var column = 0
            if let yaml = error as? YamlError {
                switch yaml {
                case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                    line = mark.line
                    column = mark.column
                default: break
                }
            }
            throw ConfigurationError(
                file: file, line: line, column: column, field: "(file)", problem: "is not valid YAML: \(error)")
        }
        var configuration = ServerConfiguration()
        guard let root else { return configuration }
        try reader.read(root, into: &configuration)
        return configuration
    }
}

/// Walks the YAML tree with the line numbers errors need.
struct ConfigurationReader {
    let file: String

    func fail(_ node: Node?, _ field: String, _ problem: String, hint: String? = nil) -> ConfigurationError {
        ConfigurationError(
            file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, field: field, problem: problem,
            hint: hint)
    }

    /// The mapping at `node`, with unknown keys refused (and the closest known key suggested).
    func mapping(_ node: Node, _ field: String, known: [String]) throws(ConfigurationError) -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, field, "must be a mapping") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(keyNode, field, "has a key that is not text") }
            let path = field.isEmpty ? key : field + "." + key
            guard known.contains(key) else {
                let suggestion = known.min { editDistance($0, key) < editDistance($1, key) }
                throw fail(keyNode, path, "is not a known setting", hint: suggestion.map { "did you mean '\($0)'?" })
            }
            result[key] = value
        }
        return result
    }

    func string(_ node: Node, _ field: String) throws(ConfigurationError) -> String {
        guard let text = node.string else { throw fail(node, field, "must be text") }
        return text
    }

    func integer(_ node: Node, _ field: String, minimum: Int = 1) throws(ConfigurationError) -> Int {
        guard let text = node.string, let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= minimum
        else { throw fail(node, field, "must be a whole number of at least \(minimum)") }
        return value
    }

    func boolean(_ node: Node, _ field: String) throws(ConfigurationError) -> Bool {
        switch node.string?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, field, "must be true or false")
        }
    }

    func strings(_ node: Node, _ field: String) throws(ConfigurationError) -> [String] {
        guard let sequence = node.sequence else { throw fail(node, field, "must be a list") }
        var items: [String] = []
        for item in sequence { items.append(try string(item, field)) }
        return items
    }

    /// `30s`, `5m`, `2h`, `30d` in seconds.
    func duration(_ node: Node, _ field: String) throws(ConfigurationError) -> Double {
        guard let text = node.string, let unit = text.last, let number = Double(text.dropLast()), number > 0 else {
            throw fail(node, field, "must be a duration such as 30s, 5m, 2h or 30d")
        }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        default: throw fail(node, field, "must be a duration such as 30s, 5m, 2h or 30d")
        }
    }

    /// `host:port` with a port from 1 to 65535 (`[v6]:port` for IPv6).
    func address(_ node: Node, _ field: String) throws(ConfigurationError) -> (host: String, port: Int) {
        let text = try string(node, field)
        guard let (host, port) = ServerConfiguration.parseAddress(text) else {
            throw fail(node, field, "must be host:port, e.g. 127.0.0.1:8470")
        }
        guard !host.isEmpty else { throw fail(node, field, "must name a host, e.g. 127.0.0.1:8470") }
        return (host, port)
    }

    func read(_ root: Node, into configuration: inout ServerConfiguration) throws(ConfigurationError) {
        let top = try mapping(
            root, "", known: [
                "listen", "data", "database", "rules", "ingest", "grouping", "correlation", "retention", "sessions",
            ] + Self.alarmKeys + Self.continuityKeys)
        if let node = top["listen"] { (configuration.host, configuration.port) = try address(node, "listen") }
        if let node = top["data"] { configuration.dataFolder = try string(node, "data") }
        if let node = top["database"] {
            let database = try string(node, "database")
            guard database == "sqlite" || database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
            else { throw fail(node, "database", "must be sqlite or a postgres:// URL") }
            configuration.database = database
        }
        if let node = top["rules"] {
            let rules = try mapping(node, "rules", known: ["pack", "paths", "pipeline"])
            if let pack = rules["pack"] { configuration.rulePack = try boolean(pack, "rules.pack") }
            if let paths = rules["paths"] { configuration.rulePaths = try strings(paths, "rules.paths") }
            if let pipeline = rules["pipeline"] { configuration.pipeline = try string(pipeline, "rules.pipeline") }
        }
        if let node = top["ingest"] {
            let ingest = try mapping(
                node, "ingest",
                known: [
                    "max_body_bytes", "max_event_bytes", "rate_per_token", "queue_events", "max_detection_delay",
                    "syslog", "watch",
                ])
            if let value = ingest["max_body_bytes"] {
                configuration.ingest.maxBodyBytes = try integer(value, "ingest.max_body_bytes", minimum: 1024)
            }
            if let value = ingest["max_event_bytes"] {
                configuration.ingest.maxEventBytes = try integer(value, "ingest.max_event_bytes", minimum: 256)
            }
            if let value = ingest["rate_per_token"] {
                configuration.ingest.ratePerToken = try integer(value, "ingest.rate_per_token")
            }
            if let value = ingest["queue_events"] {
                configuration.ingest.queueEvents = try integer(value, "ingest.queue_events")
            }
            if let value = ingest["max_detection_delay"] {
                configuration.ingest.maxDetectionDelay = try duration(value, "ingest.max_detection_delay")
            }
            if let value = ingest["syslog"] {
                let syslog = try mapping(value, "ingest.syslog", known: ["tcp", "udp"])
                if let tcp = syslog["tcp"] {
                    let (host, port) = try address(tcp, "ingest.syslog.tcp")
                    configuration.ingest.syslogTCP = "\(host):\(port)"
                }
                if let udp = syslog["udp"] {
                    let (host, port) = try address(udp, "ingest.syslog.udp")
                    configuration.ingest.syslogUDP = "\(host):\(port)"
                }
            }
            if let value = ingest["watch"] { configuration.ingest.watch = try strings(value, "ingest.watch") }
        }
        if let node = top["grouping"] {
            let grouping = try mapping(node, "grouping", known: ["key", "window", "escalate_at_tactics"])
            if let value = grouping["key"] {
                let name = try string(value, "grouping.key")
                guard let key = GroupingPolicy.Key(rawValue: name) else {
                    throw fail(
                        value, "grouping.key", "must be one of "
                            + GroupingPolicy.Key.allCases.map(\.rawValue).joined(separator: ", "))
                }
                configuration.grouping.key = key
            }
            if let value = grouping["window"] { configuration.grouping.window = try duration(value, "grouping.window") }
            if let value = grouping["escalate_at_tactics"] {
                configuration.grouping.escalateAtTactics = try integer(value, "grouping.escalate_at_tactics")
            }
        }
        if let node = top["correlation"] {
            let correlation = try mapping(node, "correlation", known: ["tolerance", "max_groups"])
            if let value = correlation["tolerance"] {
                configuration.correlationTolerance = try duration(value, "correlation.tolerance")
            }
            if let value = correlation["max_groups"] {
                configuration.correlationMaxGroups = try integer(value, "correlation.max_groups")
            }
        }
        if let node = top["retention"] {
            let retention = try mapping(node, "retention", known: ["events", "alerts"])
            if let value = retention["events"] { configuration.retainEvents = try duration(value, "retention.events") }
            if let value = retention["alerts"] { configuration.retainAlerts = try duration(value, "retention.alerts") }
        }
        try readAlarm(top, into: &configuration.alarm)
        try readContinuity(top, channels: configuration.alarm.channels, into: &configuration.continuity)
        if let node = top["sessions"] {
            let sessions = try mapping(node, "sessions", known: ["idle_timeout", "lifetime", "secure_cookie"])
            if let value = sessions["idle_timeout"] {
                configuration.sessions.idleTimeout = try duration(value, "sessions.idle_timeout")
            }
            if let value = sessions["lifetime"] {
                configuration.sessions.lifetime = try duration(value, "sessions.lifetime")
            }
            if let value = sessions["secure_cookie"] {
                configuration.sessions.secureCookie = try boolean(value, "sessions.secure_cookie")
            }
        }
    }
}
