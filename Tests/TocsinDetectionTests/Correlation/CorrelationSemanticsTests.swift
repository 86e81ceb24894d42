import Testing
import TocsinCore

@testable import TocsinDetection

extension CorrelationCase {
    static func correlation(_ title: String, _ body: String, extra: String = "") -> String {
        "title: \(title)\nid: corr-\(title)\n\(extra)correlation:\n" + body + "level: high\n"
    }

    static let eventCount = correlation(
        "burst", "  type: event_count\n  rules: [fail]\n  group-by: [host]\n  timespan: 10s\n  condition:\n    gte: 3\n")

    static let all: [CorrelationCase] = [
        // event_count and the window's edges: [newest − timespan, newest], both edges inside.
        .init(
            name: "event_count reaches its threshold", yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: [.init("fail", at: 0, ["host": "a"]), .init("fail", at: 1, ["host": "a"]),
                .init("fail", at: 2, ["host": "a"])],
            alerts: ["burst@2 3 [a]"]),
        .init(
            name: "event_count: an event exactly one timespan old is inside",
            yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: [.init("fail", at: 0, ["host": "a"]), .init("fail", at: 5, ["host": "a"]),
                .init("fail", at: 10, ["host": "a"])],
            alerts: ["burst@10 3 [a]"]),
        .init(
            name: "event_count: just past the edge is outside",
            yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: [.init("fail", at: 0, ["host": "a"]), .init("fail", at: 5, ["host": "a"]),
                .init("fail", at: 10.001, ["host": "a"])],
            alerts: []),
        .init(
            name: "event_count: one burst, one alert; the group starts afresh",
            yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: (0..<7).map { .init("fail", at: Double($0), ["host": "a"]) },
            alerts: ["burst@2 3 [a]", "burst@5 3 [a]"]),
        .init(
            name: "event_count: groups are separate",
            yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: [.init("fail", at: 0, ["host": "a"]), .init("fail", at: 1, ["host": "b"]),
                .init("fail", at: 2, ["host": "a"]), .init("fail", at: 3, ["host": "b"]),
                .init("fail", at: 4, ["host": "b"])],
            alerts: ["burst@4 3 [b]"]),
        .init(
            name: "event_count: an absent group field is a group of its own",
            yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: [.init("fail", at: 0), .init("fail", at: 1), .init("fail", at: 2, ["host": "a"]),
                .init("fail", at: 3)],
            alerts: ["burst@3 3 [-]"]),
        .init(
            name: "event_count: a range (gt and lte) must hold as a whole",
            yaml: CorrelationFixtures.rules("fail") + "---\n"
                + correlation("range", "  type: event_count\n  rules: [fail]\n  timespan: 1m\n  condition:\n    gt: 2\n    lte: 3\n"),
            matches: (0..<3).map { .init("fail", at: Double($0)) },
            alerts: ["range@2 3"]),
        .init(
            name: "event_count over two rules counts both",
            yaml: CorrelationFixtures.rules("fail", "lock") + "---\n"
                + correlation("both", "  type: event_count\n  rules: [fail, lock]\n  timespan: 1m\n  condition:\n    gte: 2\n"),
            matches: [.init("fail", at: 0), .init("lock", at: 30)],
            alerts: ["both@30 2"]),
        // value_count
        .init(
            name: "value_count counts distinct values, not events",
            yaml: CorrelationFixtures.rules("fail") + "---\n"
                + correlation(
                    "spray",
                    "  type: value_count\n  rules: [fail]\n  group-by: [ip]\n  timespan: 5m\n  condition:\n"
                        + "    field: user\n    gte: 3\n"),
            matches: [.init("fail", at: 0, ["ip": "1.2.3.4", "user": "anna"]),
                .init("fail", at: 1, ["ip": "1.2.3.4", "user": "anna"]),
                .init("fail", at: 2, ["ip": "1.2.3.4", "user": "bert"]),
                .init("fail", at: 3, ["ip": "1.2.3.4"]),
                .init("fail", at: 4, ["ip": "1.2.3.4", "user": "carl"])],
            alerts: ["spray@4 3 [1.2.3.4]"]),
        .init(
            name: "value_count: values leaving the window no longer count",
            yaml: CorrelationFixtures.rules("fail") + "---\n"
                + correlation(
                    "spray", "  type: value_count\n  rules: [fail]\n  timespan: 10s\n  condition:\n    field: user\n    gte: 2\n"),
            matches: [.init("fail", at: 0, ["user": "anna"]), .init("fail", at: 11, ["user": "bert"])],
            alerts: []),
        // temporal and temporal_ordered
        .init(
            name: "temporal: all rules within the window, any order",
            yaml: CorrelationFixtures.rules("a", "b") + "---\n"
                + correlation("both", "  type: temporal\n  rules: [a, b]\n  group-by: [host]\n  timespan: 5m\n"),
            matches: [.init("b", at: 0, ["host": "h"]), .init("a", at: 299, ["host": "h"])],
            alerts: ["both@299 2 [h]"]),
        .init(
            name: "temporal: too far apart",
            yaml: CorrelationFixtures.rules("a", "b") + "---\n"
                + correlation("both", "  type: temporal\n  rules: [a, b]\n  timespan: 5m\n"),
            matches: [.init("a", at: 0), .init("b", at: 301)], alerts: []),
        .init(
            name: "temporal: one rule many times is not enough",
            yaml: CorrelationFixtures.rules("a", "b") + "---\n"
                + correlation("both", "  type: temporal\n  rules: [a, b]\n  timespan: 5m\n"),
            matches: [.init("a", at: 0), .init("a", at: 1), .init("a", at: 2)], alerts: []),
        .init(
            name: "temporal: a condition asks for some of the rules",
            yaml: CorrelationFixtures.rules("a", "b", "c") + "---\n"
                + correlation("two", "  type: temporal\n  rules: [a, b, c]\n  timespan: 5m\n  condition:\n    gte: 2\n"),
            matches: [.init("c", at: 0), .init("a", at: 10)], alerts: ["two@10 2"]),
        .init(
            name: "temporal_ordered: in order",
            yaml: CorrelationFixtures.rules("dump", "wipe") + "---\n"
                + correlation("chain", "  type: temporal_ordered\n  rules: [dump, wipe]\n  group-by: [host]\n  timespan: 2h\n"),
            matches: [.init("dump", at: 0, ["host": "fs01"]), .init("wipe", at: 3600, ["host": "fs01"])],
            alerts: ["chain@3600 2 [fs01]"]),
        .init(
            name: "temporal_ordered: reversed order does not hold",
            yaml: CorrelationFixtures.rules("dump", "wipe") + "---\n"
                + correlation("chain", "  type: temporal_ordered\n  rules: [dump, wipe]\n  timespan: 2h\n"),
            matches: [.init("wipe", at: 0), .init("dump", at: 10)], alerts: []),
        .init(
            name: "temporal_ordered: a later first step still completes the order",
            yaml: CorrelationFixtures.rules("dump", "wipe") + "---\n"
                + correlation("chain", "  type: temporal_ordered\n  rules: [dump, wipe]\n  timespan: 2h\n"),
            matches: [.init("wipe", at: 0), .init("dump", at: 10), .init("wipe", at: 20)], alerts: ["chain@20 2"]),
        // value_sum, value_avg, value_percentile, value_median
        .init(
            name: "value_sum over bytes",
            yaml: CorrelationFixtures.rules("flow") + "---\n"
                + correlation(
                    "exfil",
                    "  type: value_sum\n  rules: [flow]\n  group-by: [src]\n  timespan: 10m\n  condition:\n"
                        + "    field: bytes\n    gt: 1000\n"),
            matches: [.init("flow", at: 0, ["src": "fs01", "bytes": "600"]),
                .init("flow", at: 60, ["src": "ws1", "bytes": "900"]),
                .init("flow", at: 120, ["src": "fs01", "bytes": "not a number"]),
                .init("flow", at: 180, ["src": "fs01", "bytes": "500"])],
            alerts: ["exfil@180 1100 [fs01]"]),
        .init(
            name: "value_avg",
            yaml: CorrelationFixtures.rules("flow") + "---\n"
                + correlation(
                    "avg", "  type: value_avg\n  rules: [flow]\n  timespan: 10m\n  condition:\n    field: bytes\n    gte: 20\n"),
            matches: [.init("flow", at: 0, ["bytes": "10"]), .init("flow", at: 1, ["bytes": "20"]),
                .init("flow", at: 2, ["bytes": "40"])],
            alerts: ["avg@2 \(70.0 / 3)"]),
        .init(
            name: "value_percentile (nearest rank)",
            yaml: CorrelationFixtures.rules("flow") + "---\n"
                + correlation(
                    "p90",
                    "  type: value_percentile\n  rules: [flow]\n  timespan: 10m\n  condition:\n    field: bytes\n"
                        + "    percentile: 90\n    gte: 90\n"),
            matches: [10, 20, 30, 40, 50, 60, 70, 80, 90].map { .init("flow", at: $0, ["bytes": String(Int($0))]) }
                + [.init("flow", at: 100, ["bytes": "1000"])],
            alerts: ["p90@90 90", "p90@100 1000"]),
        .init(
            name: "value_median",
            yaml: CorrelationFixtures.rules("flow") + "---\n"
                + correlation(
                    "median", "  type: value_median\n  rules: [flow]\n  timespan: 10m\n  condition:\n    field: bytes\n    gte: 50\n"),
            matches: [.init("flow", at: 0, ["bytes": "10"]), .init("flow", at: 1, ["bytes": "100"]),
                .init("flow", at: 2, ["bytes": "60"])],
            alerts: ["median@2 60"]),
        // Chaining, aliases
        .init(
            name: "a correlation over a correlation (spec example: failed logons, then success)",
            yaml: CorrelationFixtures.rules("failed_login", "successful_login") + "---\n"
                + "title: many\nid: corr-many\nname: many_failed\ncorrelation:\n  type: event_count\n"
                + "  rules: [failed_login]\n  group-by: [User]\n  timespan: 10m\n  condition:\n    gte: 3\n---\n"
                + correlation(
                    "brute", "  type: temporal_ordered\n  rules: [many_failed, successful_login]\n  group-by: [User]\n"
                        + "  timespan: 10m\n"),
            matches: [.init("failed_login", at: 0, ["User": "anna"]), .init("failed_login", at: 1, ["User": "anna"]),
                .init("successful_login", at: 2, ["User": "anna"]), .init("failed_login", at: 3, ["User": "anna"]),
                .init("successful_login", at: 4, ["User": "anna"])],
            alerts: ["many@3 3 [anna]", "brute@4 2 [anna]"]),
        .init(
            name: "aliases group different fields of different rules",
            yaml: CorrelationFixtures.rules("error", "connect") + "---\n"
                + correlation(
                    "pair",
                    "  type: temporal\n  rules: [error, connect]\n  group-by: [internal]\n  timespan: 10s\n"
                        + "  aliases:\n    internal:\n      error: dst_ip\n      connect: src_ip\n"),
            matches: [.init("error", at: 0, ["dst_ip": "10.0.0.5", "src_ip": "1.1.1.1"]),
                .init("connect", at: 1, ["src_ip": "10.0.0.6"]), .init("connect", at: 2, ["src_ip": "10.0.0.5"])],
            alerts: ["pair@2 2 [10.0.0.5]"]),
        // Time order
        .init(
            name: "out of order within the tolerance is put in order",
            yaml: CorrelationFixtures.rules("dump", "wipe") + "---\n"
                + correlation("chain", "  type: temporal_ordered\n  rules: [dump, wipe]\n  timespan: 2h\n"),
            matches: [.init("wipe", at: 100), .init("dump", at: 50)], alerts: ["chain@100 2"], tolerance: 60),
        .init(
            name: "an event without a timestamp is skipped",
            yaml: CorrelationFixtures.rules("fail") + "---\n" + eventCount,
            matches: [.init("fail", at: 0, ["host": "a"]), .init("fail", at: nil, ["host": "a"]),
                .init("fail", at: 2, ["host": "a"])],
            alerts: []),
    ]
}

@Suite("Correlation semantics")
struct CorrelationSemanticsTests {
    @Test("scenario", arguments: CorrelationCase.all)
    func scenario(_ item: CorrelationCase) throws {
        let result = try CorrelationFixtures.run(
            item.yaml, item.matches, limits: CorrelationLimits(tolerance: item.tolerance))
        #expect(result.alerts == item.alerts)
    }
}
