import Testing

@testable import TocsinDelivery

@Suite struct SMTPReplyParserTests {
    @Test func parsesSingleAndMultiLineReplies() throws {
        var parser = SMTPReplyParser()
        #expect(
            try parser.parse(line: "220 smtp.example ESMTP ready")
                == SMTPReply(code: 220, lines: ["smtp.example ESMTP ready"]))
        #expect(try parser.parse(line: "250-smtp.example") == nil)
        #expect(parser.isInsideReply)
        #expect(try parser.parse(line: "250-STARTTLS") == nil)
        #expect(
            try parser.parse(line: "250 AUTH PLAIN LOGIN")
                == SMTPReply(code: 250, lines: ["smtp.example", "STARTTLS", "AUTH PLAIN LOGIN"]))
        #expect(!parser.isInsideReply)
        #expect(try parser.parse(line: "354") == SMTPReply(code: 354, lines: [""]))
    }

    @Test(arguments: [
        ("hello", "it does not start with a reply code from 200 to 599"),
        ("99 x", "it does not start with a reply code from 200 to 599"),
        ("700 x", "it does not start with a reply code from 200 to 599"),
        ("250+x", "the code is not followed by a space or '-'"),
    ])
    func refusesLinesThatAreNotReplies(_ line: String, _ reason: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed(line: line, reason: reason)) { try parser.parse(line: line) }
    }

    @Test func refusesAContinuationWithAnotherCode() throws {
        var parser = SMTPReplyParser()
        _ = try parser.parse(line: "250-first")
        #expect(
            throws: SMTPReplyParser.Malformed(
                line: "251 second", reason: "a continued reply changed its code from 250 to 251")
        ) {
            try parser.parse(line: "251 second")
        }
    }

    @Test func readsCapabilities() {
        let reply = SMTPReply(
            code: 250, lines: ["smtp.example", "SIZE 1000", "starttls", "AUTH=LOGIN", "AUTH PLAIN CRAM-MD5"])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(capabilities.sizeLimit == 1000)
    }

    @Test func dotStuffsAndTerminates() {
        let stuffed = SMTPDotStuffing.stuff(Array(".\r\nline\r\n..two\r\nend".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..\r\nline\r\n...two\r\nend\r\n.\r\n")
        #expect(String(decoding: SMTPDotStuffing.stuff(Array("a\r\n".utf8)), as: UTF8.self) == "a\r\n.\r\n")
    }
}
