import NIOCore
import NIOSSL

/// The TLS side of the SMTP client: the client context, and what a TLS error means for a retry.
enum SMTPTLS {
    /// A client context that verifies the server's certificate and host name against `trust`.
    static func makeContext(trust: SMTPConfiguration.Trust) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        switch trust {
        case .systemRoots:
            configuration.trustRoots = .default
        case .caFile(let path):
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(path)
                guard !certificates.isEmpty else {
                    throw SMTPFailure.tlsConfiguration("the CA file \(path) holds no PEM certificate")
                }
                configuration.trustRoots = .certificates(certificates)
            } catch let error as DeliveryError {
                throw error
            } catch {
                throw SMTPFailure.tlsConfiguration("cannot read the CA file \(path): \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPFailure.tlsConfiguration("\(error)")
        }
    }

    /// Maps an error NIOSSL raised to a delivery error, or nil when it is not a TLS error.
    ///
    /// A certificate the client does not trust is permanent: retrying will not make it trusted. Any other
    /// handshake failure (the server hung up, spoke plain text, no common cipher) is transient.
    static func deliveryError(for error: Error, peer: String) -> DeliveryError? {
        if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname || extra == .serverHostnameImpossibleToMatch {
                return SMTPFailure.certificateRejected(peer, "\(extra)")
            }
            return SMTPFailure.tlsFailed(peer, "\(extra)")
        }
        guard let sslError = error as? NIOSSLError else { return nil }
        let detail = "\(sslError)"
        if detail.contains("CERTIFICATE_VERIFY_FAILED") || detail.contains("certificate verify failed") {
            return SMTPFailure.certificateRejected(peer, "certificate verify failed")
        }
        return SMTPFailure.tlsFailed(peer, detail)
    }
}
