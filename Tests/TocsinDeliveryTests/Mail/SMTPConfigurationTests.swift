import Testing
import TocsinDelivery

@Suite struct SMTPConfigurationTests {
    private let configuration = SMTPConfiguration(
        host: "smtp.example.com", credentials: SMTPCredentials(username: "alerts", password: "hunter2"))

    @Test func neverPrintsThePassword() {
        #expect(configuration.description == "smtp://alerts:***@smtp.example.com:587 (startTLS)")
        #expect(SMTPSecret("hunter2").description == "***")
        #expect("\(SMTPSecret("hunter2"))" == "***")
        #expect(String(reflecting: SMTPSecret("hunter2")) == "***")
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("hunter2"), "\(dumped)")
        #expect(!String(describing: configuration.credentials).contains("hunter2"))
    }

    @Test func defaultsThePortFromTheSecurity() {
        #expect(SMTPConfiguration(host: "h", security: .implicitTLS).port == 465)
        #expect(SMTPConfiguration(host: "h", security: .startTLS).port == 587)
        #expect(SMTPConfiguration(host: "h", security: .none).port == 25)
    }

    @Test(arguments: [
        (SMTPConfiguration(host: "smtp.example.com\r\nRCPT", security: .none), "T724"),
        (SMTPConfiguration(host: "smtp.example.com", port: 0, security: .none), "T724"),
        (SMTPConfiguration(host: "smtp.example.com", security: .none, heloName: "a b"), "T724"),
        (SMTPConfiguration(host: "smtp.example.com", security: .none, commandTimeout: .zero), "T724"),
        (SMTPConfiguration(host: "smtp.example.com", trust: .caFile("/nonexistent/ca.pem")), "T723"),
    ])
    func refusesConfigurationsThatCannotWork(_ configuration: SMTPConfiguration, _ code: String) {
        let error = #expect(throws: DeliveryError.self) { try SMTPClient(configuration: configuration) }
        #expect(error?.code == code)
        #expect(error?.kind == .permanent)
    }
}
