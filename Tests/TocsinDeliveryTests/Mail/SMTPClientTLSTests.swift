import Foundation
import Testing
import TocsinDelivery

/// SMTPClient's TLS modes against a real server with a certificate from a throwaway CA (Support/TestCertificates).
@Suite(.needsSMTPServer) struct SMTPClientTLSTests {
    private func client(
        port: Int, security: SMTPConfiguration.Security, trust: SMTPConfiguration.Trust,
        credentials: SMTPCredentials? = nil
    ) throws -> SMTPClient {
        try SMTPClient(
            configuration: SMTPConfiguration(
                host: "localhost", port: port, security: security, credentials: credentials, heloName: "tocsin.test",
                trust: trust, commandTimeout: .seconds(60)))
    }

    @Test func deliversOverStartTLS() async throws {
        let certificates = try await TestCertificates.shared
        try await TestSMTPServer.with(["--starttls", certificates.certificateFile, certificates.keyFile]) {
            server async throws in
            let message = try TestMail.message()
            let receipt = try await client(port: server.port, security: .startTLS, trust: .caFile(certificates.caFile))
                .send(message)
            #expect(receipt.response == "250 2.0.0 Ok: queued as 0001")
            let received = try server.messages()
            try #require(received.count == 1)
            #expect(received[0].envelope.tls)
            #expect(Array(received[0].raw) == TestMail.rendered(message))
        }
    }

    @Test func authenticatesAfterStartTLS() async throws {
        let certificates = try await TestCertificates.shared
        let arguments = ["--starttls", certificates.certificateFile, certificates.keyFile, "--auth"]
        try await TestSMTPServer.with(arguments) { server async throws in
            let credentials = SMTPCredentials(username: "tocsin", password: "correct horse battery")
            _ = try await client(
                port: server.port, security: .startTLS, trust: .caFile(certificates.caFile), credentials: credentials
            ).send(TestMail.message())
            #expect(try server.events().first == "AUTH PLAIN tocsin ok")
            #expect(try server.messages().first?.envelope.tls == true)
        }
    }

    @Test func deliversOverImplicitTLS() async throws {
        let certificates = try await TestCertificates.shared
        try await TestSMTPServer.with(["--implicit-tls", certificates.certificateFile, certificates.keyFile]) {
            server async throws in
            let receipt = try await client(
                port: server.port, security: .implicitTLS, trust: .caFile(certificates.caFile)
            )
            .send(TestMail.message())
            #expect(receipt.response == "250 2.0.0 Ok: queued as 0001")
            #expect(try server.messages().first?.envelope.tls == true)
        }
    }

    @Test(arguments: [SMTPConfiguration.Security.implicitTLS, .startTLS])
    func anUntrustedCertificateIsPermanent(_ security: SMTPConfiguration.Security) async throws {
        let certificates = try await TestCertificates.shared
        let mode = security == .implicitTLS ? "--implicit-tls" : "--starttls"
        try await TestSMTPServer.with([mode, certificates.certificateFile, certificates.keyFile]) {
            server async throws in
            let error = await #expect(throws: DeliveryError.self) {
                try await client(port: server.port, security: security, trust: .systemRoots).send(TestMail.message())
            }
            #expect(
                error
                    == DeliveryError(
                        .permanent, code: "T715",
                        "the certificate of the SMTP server localhost:\(server.port) is not trusted: "
                            + "certificate verify failed",
                        hint: "the certificate must be valid for the host name and signed by a trusted CA; "
                            + "for a private CA, give its PEM file as the trust setting"))
            #expect(try server.messages().isEmpty)
            #expect(try server.events().isEmpty)
        }
    }

    @Test func implicitTLSAgainstAPlainServerIsTransient() async throws {
        try await TestSMTPServer.with { server async throws in
            let error = await #expect(throws: DeliveryError.self) {
                try await client(port: server.port, security: .implicitTLS, trust: .systemRoots).send(
                    TestMail.message())
            }
            #expect(error?.kind == .transient)
            #expect(error?.code == "T714")
        }
    }
}
