import Foundation
import Testing
import TocsinDelivery
import TocsinServer

@testable import TocsinCommands

/// `tocsin notify`: previews with the sample incident and the configured organisation.
@Suite struct NotifyCommandTests {
    @Test func previewsRenderAndUnknownTemplatesAreUsageErrors() {
        #expect(TocsinCommand.runMain(["notify", "preview", "page", "--config", "/nonexistent/tocsin.yaml"]) == 0)
        #expect(TocsinCommand.runMain(["notify", "preview", "dpa_notification", "--language", "en", "--html"]) == 0)
        #expect(TocsinCommand.runMain(["notify", "preview", "nonexistent"]) == 2)
        #expect(TocsinCommand.runMain(["notify", "preview", "page", "--language", "fr"]) == 2)
        #expect(TocsinCommand.runMain(["notify", "test", "nochannel", "--config", "/nonexistent/tocsin.yaml"]) == 2)
    }

    @Test func theSampleNamesTheConfiguredOrganisation() throws {
        var configuration = ServerConfiguration()
        configuration.alarm.organisation.name = "Praxis-IT GmbH"
        configuration.alarm.organisation.dpoEmail = "dsb@praxis-it.example"
        let rendered = try MessageTemplates().render(
            "dpa_notification", language: .de, context: NotifyCommand.sample(configuration))
        #expect(rendered.text.contains("Praxis-IT GmbH"))
        #expect(rendered.text.contains("dsb@praxis-it.example"))
        // Without a configured organisation the sample's own (marked as an example) is used.
        let example = try MessageTemplates().render(
            "page", language: .de, context: NotifyCommand.sample(ServerConfiguration()))
        #expect(example.subject.hasPrefix("[BEISPIEL]"))
    }
}
