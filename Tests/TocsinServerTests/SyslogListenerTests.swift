import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing
import TocsinStore

@testable import TocsinServer

@Suite("Syslog: TCP and UDP listeners over real sockets")
struct SyslogListenerTests {
    /// Sends `bytes` over one TCP connection in `pieces`, then closes it.
    static func sendTCP(_ pieces: [[UInt8]], port: Int) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        for piece in pieces {
            try await channel.writeAndFlush(ByteBuffer(bytes: piece)).get()
        }
        try await channel.close().get()
    }

    static func metric(_ name: String, in text: String) -> Int? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ")[1]) }
    }

    @Test func tcpTakesOctetCountedAndLineFramesAndSkipsOversizeOnes() async throws {
        var made = try await ServerFixture.make()
        made.configuration.ingest.syslogTCP = "127.0.0.1:0"
        made.configuration.ingest.maxEventBytes = 300
        let fixture = made
        let ports = BoundPorts()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false,
            onSyslogBound: { ports.set($0.rawValue, $1) })
        let counted = "<34>1 2026-11-20T09:00:00Z dc01 sshd 42 - - counted one"
        let json = #"{"EventID":4625,"Computer":"dc01"}"#
        let countedJSON = "<14>1 - dc01 agent - - - " + json
        let line = "<13>Oct 11 22:14:15 web01 nginx[7]: line one"
        let huge = String(repeating: "x", count: 400)
        try await application.test(.live) { client in
            let port = try #require(try await ports.port("tcp"))
            var stream: [UInt8] = []
            stream += Array("\(counted.utf8.count) \(counted)".utf8)
            // An oversize octet-counted frame is skipped by its length, the next frame still read.
            stream += Array("\(huge.utf8.count + 5) <13> \(huge)".utf8)
            stream += Array("\(countedJSON.utf8.count) \(countedJSON)".utf8)
            stream += Array("\(line)\n".utf8)
            // An oversize line is skipped up to its LF.
            stream += Array("<13>Oct 11 22:14:15 web01 x: \(huge)\n".utf8)
            stream += Array("garbage that is not syslog\n".utf8)
            stream += Array("<13>Oct 11 22:14:16 web01 nginx: last, without LF".utf8)
            // Split at awkward places: inside a length, inside a frame, inside the oversize ones.
            let cuts = [1, 30, 90, 200, 460, 700, stream.count - 3]
            var pieces: [[UInt8]] = []
            var start = 0
            for cut in cuts.sorted() where cut > start && cut < stream.count {
                pieces.append(Array(stream[start..<cut]))
                start = cut
            }
            pieces.append(Array(stream[start...]))
            try await Self.sendTCP(pieces, port: port)

            let stored = try await events(in: fixture.store, atLeast: 4)
            #expect(stored.count == 4)
            #expect(stored.allSatisfy { $0.source == "syslog-tcp:127.0.0.1" })
            let parsed = stored.map { jsonObject($0.raw) }
            #expect(parsed.first?["message"] as? String == "counted one")
            #expect(parsed.first?["host"] as? String == "dc01")
            #expect(stored.dropFirst().first?.raw == json)
            #expect(parsed.dropFirst(2).first?["program"] as? String == "nginx")
            #expect(parsed.dropFirst(2).first?["pid"] as? Int == 7)
            #expect(parsed.last?["message"] as? String == "last, without LF")

            try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) { response in
                let text = String(buffer: response.body)
                #expect(Self.metric("tocsin_syslog_tcp_messages_received_total", in: text) == 4)
                #expect(Self.metric("tocsin_syslog_tcp_messages_rejected_total", in: text) == 3)
            }
        }
        try await fixture.close()
    }

    @Test func udpTakesOneMessagePerDatagram() async throws {
        var made = try await ServerFixture.make()
        made.configuration.ingest.syslogUDP = "127.0.0.1:0"
        let fixture = made
        let ports = BoundPorts()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false,
            onSyslogBound: { ports.set($0.rawValue, $1) })
        try await application.test(.live) { client in
            let port = try #require(try await ports.port("udp"))
            let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: 0).get()
            let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            let datagrams = [
                "<34>1 2026-11-20T09:00:00Z dc01 sshd 42 - [origin ip=\"10.0.0.5\"] Failed password\n",
                "not syslog at all",
                "<13>Oct 11 22:14:15 web01 nginx: second",
            ]
            for datagram in datagrams {
                try await channel.writeAndFlush(
                    AddressedEnvelope(remoteAddress: target, data: ByteBuffer(string: datagram))
                ).get()
            }
            let stored = try await events(in: fixture.store, atLeast: 2)
            try await channel.close().get()
            #expect(stored.map(\.source) == ["syslog-udp", "syslog-udp"])
            let first = jsonObject(stored.first?.raw ?? "")
            #expect(first["message"] as? String == "Failed password")
            #expect((first["structured_data"] as? [String: Any])?["origin"] as? [String: String] == ["ip": "10.0.0.5"])
            #expect(jsonObject(stored.last?.raw ?? "")["message"] as? String == "second")
            let rejected = try await eventually { () async throws -> Int? in
                var value: Int?
                try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) {
                    value = Self.metric("tocsin_syslog_udp_messages_rejected_total", in: String(buffer: $0.body))
                }
                return value == 1 ? value : nil
            }
            #expect(rejected == 1)
        }
        try await fixture.close()
    }

    @Test func tcpStopsReadingWhileDetectionIsBehind() async throws {
        var made = try await ServerFixture.make()
        made.configuration.ingest.syslogTCP = "127.0.0.1:0"
        // Any event not yet matched is too many: after the first, readers wait for the pipeline.
        made.configuration.ingest.queueEvents = 0
        let fixture = made
        let ports = BoundPorts()
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false,
            onSyslogBound: { ports.set($0.rawValue, $1) })
        try await application.test(.live) { _ in
            let port = try #require(try await ports.port("tcp"))
            try await Self.sendTCP([Array("<13>Oct 11 22:14:15 web01 app: first\n".utf8)], port: port)
            #expect(try await events(in: fixture.store, atLeast: 1).count == 1)
            try await Self.sendTCP([Array("<13>Oct 11 22:14:16 web01 app: second\n".utf8)], port: port)
            // Proving that something does not happen takes a wait: the second stays unread while detection is behind.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await fixture.store.events(after: 0, limit: 10).count == 1)
            #expect(try await pipeline.step() == 1)
            let stored = try await events(in: fixture.store, atLeast: 2)
            #expect(stored.map { jsonObject($0.raw)["message"] as? String } == ["first", "second"])
        }
        try await fixture.close()
    }

    @Test func udpDropsAndCountsWhileDetectionIsBehind() async throws {
        var made = try await ServerFixture.make()
        made.configuration.ingest.syslogUDP = "127.0.0.1:0"
        made.configuration.ingest.queueEvents = 0
        let fixture = made
        let ports = BoundPorts()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false,
            onSyslogBound: { ports.set($0.rawValue, $1) })
        try await application.test(.live) { client in
            let port = try #require(try await ports.port("udp"))
            let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: 0).get()
            let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            func send(_ text: String) async throws {
                try await channel.writeAndFlush(
                    AddressedEnvelope(remoteAddress: target, data: ByteBuffer(string: text))
                )
                .get()
            }
            try await send("<13>Oct 11 22:14:15 web01 app: kept")
            #expect(try await events(in: fixture.store, atLeast: 1).count == 1)
            try await send("<13>Oct 11 22:14:16 web01 app: dropped")
            let dropped = try await eventually { () async throws -> Int? in
                var value: Int?
                try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) {
                    value = Self.metric("tocsin_syslog_udp_messages_dropped_total", in: String(buffer: $0.body))
                }
                return value == 1 ? value : nil
            }
            try await channel.close().get()
            #expect(dropped == 1)
            #expect(try await fixture.store.events(after: 0, limit: 10).count == 1)
        }
        try await fixture.close()
    }
}
