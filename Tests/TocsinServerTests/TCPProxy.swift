import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on loopback for fault injection: forwards to an upstream server, and on command stalls all traffic
/// (bytes are held, not dropped) or cuts every connection and refuses new ones until it is told to pass again.
///
/// POSIX sockets with two threads per connection: the proxy must keep working while the code under test blocks,
/// and it must not share the cooperative pool with it.
final class TCPProxy: @unchecked Sendable {
    // @unchecked: `mode`, `connections` and `stopped` are only touched with `condition` locked; the socket numbers
    // are immutable after init.
    enum Mode: Sendable {
        case pass
        case stall
        case down
    }

    /// One proxied connection: two sockets, closed by the last of its two pumps.
    // @unchecked: the sockets are immutable, and `pumps` is only changed with the proxy's `condition` locked.
    private final class Connection: @unchecked Sendable {
        let client: Int32
        let upstream: Int32
        var pumps = 2

        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }

        func shutDown() {
            _ = Glibc.shutdown(client, Int32(SHUT_RDWR))
            _ = Glibc.shutdown(upstream, Int32(SHUT_RDWR))
        }
    }

    let port: Int
    private let upstreamPort: UInt16
    private let listener: Int32
    private let condition = NSCondition()
    private var mode = Mode.pass
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var stopped = false
    /// Connections accepted while down and closed at once.
    private(set) var refused = 0

    /// Listens on a free loopback port and forwards to `127.0.0.1:upstreamPort`.
    init(upstreamPort: Int) throws {
        self.upstreamPort = UInt16(upstreamPort)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProxyError.socket(errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw ProxyError.socket(errno) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { self.acceptLoop() }
    }

    enum ProxyError: Error {
        case socket(Int32)
    }

    /// Switches the mode; `.down` shuts every open connection at once.
    func set(_ newMode: Mode) {
        condition.lock()
        mode = newMode
        if newMode == .down {
            for connection in connections.values { connection.shutDown() }
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Shuts every open connection at once and goes on passing new ones.
    func cutOpenConnections() {
        condition.lock()
        for connection in connections.values { connection.shutDown() }
        condition.unlock()
    }

    /// Open proxied connections.
    var openConnections: Int {
        condition.lock()
        defer { condition.unlock() }
        return connections.count
    }

    /// Stops accepting and shuts every connection.
    func stop() {
        condition.lock()
        stopped = true
        mode = .down
        for connection in connections.values { connection.shutDown() }
        condition.broadcast()
        condition.unlock()
        _ = Glibc.shutdown(listener, Int32(SHUT_RDWR))
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            condition.lock()
            let done = stopped
            let down = mode == .down
            if down && client >= 0 { refused += 1 }
            condition.unlock()
            if done {
                if client >= 0 { Glibc.close(client) }
                Glibc.close(listener)
                return
            }
            guard client >= 0 else { continue }
            if down {
                Glibc.close(client)
                continue
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard upstream >= 0, connected == 0 else {
                if upstream >= 0 { Glibc.close(upstream) }
                Glibc.close(client)
                continue
            }
            let connection = Connection(client: client, upstream: upstream)
            condition.lock()
            connections[ObjectIdentifier(connection)] = connection
            condition.unlock()
            Thread.detachNewThread { self.pump(connection, from: client, to: upstream) }
            Thread.detachNewThread { self.pump(connection, from: upstream, to: client) }
        }
    }

    /// Copies bytes one way until either side closes or the proxy goes down; waits while stalled.
    private func pump(_ connection: Connection, from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        loop: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            condition.lock()
            while mode == .stall { condition.wait() }
            let down = mode == .down
            condition.unlock()
            if down { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes {
                    send(destination, $0.baseAddress?.advanced(by: sent), count - sent, Int32(MSG_NOSIGNAL))
                }
                guard written > 0 else { break loop }
                sent += written
            }
        }
        connection.shutDown()
        condition.lock()
        connection.pumps -= 1
        let last = connection.pumps == 0
        if last { connections[ObjectIdentifier(connection)] = nil }
        condition.unlock()
        if last {
            Glibc.close(connection.client)
            Glibc.close(connection.upstream)
        }
    }
}
