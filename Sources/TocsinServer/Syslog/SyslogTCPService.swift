import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TocsinStore

/// Receives syslog over TCP (RFC 6587: octet-counted or LF-delimited frames) until graceful shutdown.
///
/// Each connection is read by one task that awaits the batcher: while detection is behind or a full batch is being
/// written, it stops taking reads, NIO stops reading the socket, and the peer's TCP window closes.
struct SyslogTCPService<S: Store>: Service {
    let host: String
    let port: Int
    let batcher: EventBatcher<S>
    let intake: SyslogIntake
    let logger: Logger
    /// Called with the port bound (the one asked for, or the kernel's choice for port 0).
    let onBound: @Sendable (Int) -> Void

    func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The peer's address is read here, as the connection is accepted: NIO forgets it when the
                    // channel closes, which a quick sender can do before its reading task starts.
                    let peer = channel.remoteAddress?.ipAddress ?? "unknown"
                    // At most a few reads wait per connection: past the high watermark NIO stops reading.
                    let wrapped = try NIOAsyncChannel<ByteBuffer, Never>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 4)))
                    return (wrapped, peer)
                }
            }
        let bound = server.channel.localAddress?.port ?? port
        logger.info("syslog TCP listening", metadata: ["syslog.host": "\(host)", "syslog.port": "\(bound)"])
        onBound(bound)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                do {
                    try await server.executeThenClose { connections in
                        for try await (connection, peer) in connections {
                            group.addTask { await receive(connection, peer: peer) }
                        }
                    }
                } catch {
                    if !Task.isCancelled { logger.error("syslog TCP listener failed", metadata: ["error": "\(error)"]) }
                }
            }
        }
        await batcher.flush()
    }

    /// Reads one connection to its end.
    private func receive(_ connection: NIOAsyncChannel<ByteBuffer, Never>, peer: String) async {
        let source = "syslog-tcp:\(peer)"
        var framer = SyslogFramer(maxFrameBytes: intake.maxMessageBytes)
        var frames = 0
        do {
            try await connection.executeThenClose { inbound in
                for try await buffer in inbound {
                    let found = framer.feed(buffer.readableBytesView)
                    try await batcher.submit(intake.events(from: found, source: source, firstFrame: frames + 1))
                    frames += found.count
                }
                try await batcher.submit(intake.events(from: framer.finish(), source: source, firstFrame: frames + 1))
            }
        } catch {
            if !Task.isCancelled {
                logger.info(
                    "syslog TCP connection ended", metadata: ["syslog.source": "\(source)", "error": "\(error)"])
            }
        }
    }
}
