import Hummingbird
import NIOCore

/// The request context of Tocsin's router: Hummingbird's basics plus the client's address, which the login
/// throttle counts failures by.
///
/// The address is the TCP peer's. Behind a reverse proxy that is the proxy, so all clients share one count (the
/// per-address limit is loose for that reason); `X-Forwarded-For` is not trusted, since any client can send it.
struct TocsinRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's address, `nil` when the channel has none (the router tests' in-memory channel).
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text, or `nil`.
    var clientAddress: String? { remoteAddress?.ipAddress }
}
