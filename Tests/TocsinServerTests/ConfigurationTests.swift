import Testing
import TocsinCore
import TocsinResponse

@testable import TocsinServer

@Suite("Server configuration")
struct ConfigurationTests {
    @Test func theTemplateParsesToTheDefaults() throws {
        #expect(try ServerConfiguration.parse(ServerConfiguration.template, file: "tocsin.yaml") == ServerConfiguration())
    }

    @Test func anEmptyFileIsTheDefaults() throws {
        #expect(try ServerConfiguration.parse("", file: "tocsin.yaml") == ServerConfiguration())
    }

    @Test func settingsAreRead() throws {
        let text = """
            listen: 0.0.0.0:9000
            database: postgres://tocsin@db:5432/tocsin
            rules:
              pack: false
              paths: [sigma/rules/windows, our-rules]
            ingest:
              max_body_bytes: 1_048_576
              syslog:
                tcp: "[::1]:5514"
            grouping:
              key: host
              window: 30m
            correlation:
              tolerance: 5m
            retention:
              events: 7d
            sessions:
              idle_timeout: 30m
              secure_cookie: true
            """
        let configuration = try ServerConfiguration.parse(text, file: "tocsin.yaml")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.database == "postgres://tocsin@db:5432/tocsin")
        #expect(configuration.rulePack == false)
        #expect(configuration.rulePaths == ["sigma/rules/windows", "our-rules"])
        #expect(configuration.ingest.maxBodyBytes == 1 << 20)
        #expect(configuration.ingest.syslogTCP == "::1:5514")
        #expect(configuration.grouping.key == .host)
        #expect(configuration.grouping.window == 1800)
        #expect(configuration.correlationTolerance == 300)
        #expect(configuration.retainEvents == 7 * 86400)
        #expect(configuration.sessions.idleTimeout == 1800)
        #expect(configuration.sessions.lifetime == 86400)
        #expect(configuration.sessions.secureCookie)
    }

    @Test(arguments: [
        ("listen: 127.0.0.1:99999\n", "tocsin.yaml:1:9: 'listen' must be host:port, e.g. 127.0.0.1:8470 [T600]"),
        ("ingets:\n  watch: []\n", "tocsin.yaml:1:1: 'ingets' is not a known setting [T600]\n  hint: did you mean 'ingest'?"),
        ("ingest:\n  max_body_bytes: lots\n",
            "tocsin.yaml:2:19: 'ingest.max_body_bytes' must be a whole number of at least 1024 [T600]"),
        ("grouping:\n  window: 2 hours\n",
            "tocsin.yaml:2:11: 'grouping.window' must be a duration such as 30s, 5m, 2h or 30d [T600]"),
        ("grouping:\n  key: per-user\n",
            "tocsin.yaml:2:8: 'grouping.key' must be one of host, host-or-tactics, rule, none [T600]"),
        ("database: mysql://x\n", "tocsin.yaml:1:11: 'database' must be sqlite or a postgres:// URL [T600]"),
        ("rules:\n  pack: maybe\n", "tocsin.yaml:2:9: 'rules.pack' must be true or false [T600]"),
        ("sessions:\n  idle_timout: 1h\n",
            "tocsin.yaml:2:3: 'sessions.idle_timout' is not a known setting [T600]\n"
                + "  hint: did you mean 'idle_timeout'?"),
        ("status_page:\n  subscriptions_channel: mail\n",
            "tocsin.yaml:2:26: 'status_page.subscriptions_channel' names no channel 'mail' [T600]\n"
                + "  hint: define it under channels:"),
        ("channels:\n  hook: {type: webhook, url: \"https://x.example/h\"}\nstatus_page:\n  subscriptions_channel: hook\n",
            "tocsin.yaml:4:26: 'status_page.subscriptions_channel' must name a mail channel (smtp, sendmail or file) [T600]"),
        ("status_page:\n  organisation: {en: Example Ltd}\n",
            "tocsin.yaml:2:17: 'status_page.organisation' needs a German text (de:); German is authoritative [T600]\n"
                + "  hint: {de: …, en: …}"),
        ("continuity:\n  catalog: x.yaml\n",
            "tocsin.yaml:2:3: 'continuity.catalog' is not a known setting [T600]\n  hint: did you mean 'catalogue'?"),
    ])
    func problemsNameTheLineAndTheField(text: String, expected: String) {
        do {
            _ = try ServerConfiguration.parse(text, file: "tocsin.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == expected)
        }
    }
}
