import Foundation

/// A throwaway CA and a server certificate it signed, valid for `localhost` and 127.0.0.1, made once per test run
/// with the `openssl` command.
struct TestCertificates: Sendable {
    let caFile: String
    let certificateFile: String
    let keyFile: String

    /// The run's certificates.
    static var shared: TestCertificates {
        get async throws { try await made.value }
    }

    private static let made = Task<TestCertificates, Error> { try await make() }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func make() async throws -> TestCertificates {
        let folder = try TestThread.temporaryDirectory("tocsin-certs")
        let extensions = """
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=DNS:localhost,IP:127.0.0.1
            """
        try extensions.write(to: folder.appendingPathComponent("server.ext"), atomically: true, encoding: .utf8)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let steps: [[String]] = [
            ["openssl", "req", "-x509"] + key + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Tocsin Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            ["openssl", "req"] + key + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            [
                "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
            ],
        ]
        for step in steps {
            let result = try await TestThread.command(step, in: folder)
            guard result.status == 0 else {
                throw Failure(
                    description:
                        "\(step.joined(separator: " ")): \(String(decoding: result.standardError, as: UTF8.self))")
            }
        }
        return TestCertificates(
            caFile: folder.appendingPathComponent("ca.pem").path,
            certificateFile: folder.appendingPathComponent("server.pem").path,
            keyFile: folder.appendingPathComponent("server.key").path)
    }
}
