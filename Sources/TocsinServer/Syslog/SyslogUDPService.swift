import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TocsinStore

/// Receives syslog over UDP, one message per datagram, until graceful shutdown.
///
/// UDP cannot push back: while detection is behind, datagrams are dropped and counted.
struct SyslogUDPService<S: Store>: Service {
    let host: String
    let port: Int
    let batcher: EventBatcher<S>
    let intake: SyslogIntake
    let metrics: ServerMetrics
    let logger: Logger
    /// Called with the port bound (the one asked for, or the kernel's choice for port 0).
    let onBound: @Sendable (Int) -> Void

    func run() async throws {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // NIO reads 2 KiB datagrams by default; syslog over UDP may use up to 64 KiB.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let bound = channel.channel.localAddress?.port ?? port
        logger.info("syslog UDP listening", metadata: ["syslog.host": "\(host)", "syslog.port": "\(bound)"])
        onBound(bound)
        await cancelWhenGracefulShutdown {
            do {
                try await channel.executeThenClose { inbound, _ in
                    var datagrams = 0
                    for try await envelope in inbound {
                        datagrams += 1
                        if await batcher.overLimit() {
                            metrics.count(.syslogUDPDropped)
                            continue
                        }
                        let bytes = Array(envelope.data.readableBytesView)
                        if let event = intake.event(
                            from: bytes, source: "syslog-udp", frame: datagrams, at: intake.clock())
                        {
                            try await batcher.submit([event])
                        }
                    }
                }
            } catch {
                if !Task.isCancelled { logger.error("syslog UDP listener failed", metadata: ["error": "\(error)"]) }
            }
        }
        await batcher.flush()
    }
}
