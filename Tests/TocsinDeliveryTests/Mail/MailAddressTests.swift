import Testing
import TocsinDelivery

@Suite struct MailAddressTests {
    @Test(arguments: ["alerts@tocsin.example", "a.b+tag@sub.example.org", "root@localhost", "o'brien@example.com"])
    func acceptsPlainAddresses(_ text: String) throws {
        let address = try MailAddress(text)
        #expect(address.address == text)
        #expect(address.displayName == nil)
        #expect(address.description == text)
    }

    @Test func keepsDisplayNameAndSplitsParts() throws {
        let address = try MailAddress("oncall@example.com", displayName: "Jörg Müller")
        #expect(address.localPart == "oncall")
        #expect(address.domain == "example.com")
        #expect(address.description == "Jörg Müller <oncall@example.com>")
        #expect(try MailAddress("a@b.example", displayName: "").displayName == nil)
    }

    @Test(arguments: [
        ("evil@example.com\r\nBcc: victim@example.com", "CR is not allowed in an address"),
        ("evil@example.com\nBcc: victim@example.com", "LF is not allowed in an address"),
        ("a@example.com\0", "NUL is not allowed in an address"),
        ("<a@example.com>", "'<' is not allowed in an address"),
        ("a@example.com>, b@example.com", "'>' is not allowed in an address"),
        ("no-at-sign", "it has no '@'"),
        ("a b@example.com", "the local part is not valid: a space is not allowed"),
        ("a..b@example.com", "the local part is not valid: it contains '..'"),
        (".a@example.com", "the local part is not valid: it starts or ends with '.'"),
        ("@example.com", "the local part is not valid: it is empty"),
        ("a@", "the domain is not valid: it is empty"),
        ("a@-bad.example", "the domain is not valid: a label starts or ends with '-'"),
        ("a@exa_mple.com", "the domain is not valid: '_' is not allowed"),
        ("a@example..com", "the domain is not valid: it has an empty label"),
        ("jörg@example.com", "U+00F6 'ö' is not ASCII (internationalised addresses are not supported)"),
        ("a,b@example.com", "the local part is not valid: ',' is not allowed"),
    ])
    func refusesBadAddresses(_ text: String, _ reason: String) {
        let error = #expect(throws: DeliveryError.self) { try MailAddress(text) }
        #expect(error?.code == "T700")
        #expect(error?.kind == .permanent)
        #expect(error?.message.hasSuffix(": " + reason) == true, "\(error?.message ?? "")")
    }

    @Test func namesTheBadValueWithEscapes() {
        let error = #expect(throws: DeliveryError.self) { try MailAddress("evil@example.com\r\nBcc: v@example.com") }
        #expect(
            error?.message
                == "invalid e-mail address 'evil@example.com\\r\\nBcc: v@example.com': CR is not allowed in an address")
    }

    @Test(arguments: [
        ("Eve\r\nBcc: victim@example.com", "CR is not allowed"),
        ("Eve\nBcc: victim@example.com", "LF is not allowed"),
        ("Eve\0", "NUL is not allowed"),
        ("Eve\u{2028}Bcc", "the control character U+2028 is not allowed"),
    ])
    func refusesDisplayNamesThatBreakLines(_ name: String, _ reason: String) {
        let error = #expect(throws: DeliveryError.self) { try MailAddress("eve@example.com", displayName: name) }
        #expect(error?.code == "T701")
        #expect(error?.kind == .permanent)
        #expect(error?.message.hasSuffix(": " + reason) == true, "\(error?.message ?? "")")
    }
}
