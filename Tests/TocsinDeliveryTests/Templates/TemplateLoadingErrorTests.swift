import Foundation
import Testing
import TocsinCore

@testable import TocsinDelivery

@Suite("Template loading errors")
struct TemplateLoadingErrorTests {
    /// The error loading throws, or nil when it loads.
    private func loadingError(base: TemporaryFolder? = nil, overrides: TemporaryFolder? = nil) -> TemplateError? {
        do {
            if let base {
                _ = try MessageTemplates(directory: base.url, overrides: overrides?.url)
            } else {
                _ = try MessageTemplates(overrides: overrides?.url)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test("An override for a template that does not exist names the file")
    func unknownOverride() throws {
        let folder = try TemporaryFolder()
        try folder.write("pager.de.text.mustache", "x")
        let error = try #require(loadingError(overrides: folder))
        #expect(error.code == "T764")
        #expect(error.file == folder.path("pager.de.text.mustache"))
        #expect(
            error.description == """
                \(folder.path("pager.de.text.mustache")): no bundled template is named 'pager' [T764]
                  hint: did you mean 'page'? an override replaces a bundled template of the same name; the templates are \
                acknowledged, bsi_early_warning, bsi_notification, dpa_notification, dpo_briefing, gematik_report, \
                ir_retainer_request, management_briefing, page, police_report
                """)
    }

    @Test(
        "A file whose name does not fit the layout names the file",
        arguments: [
            ("notes.txt", "T761", "not a template file name"),
            ("page.de.mustache", "T761", "not a template file name"),
            ("Page.de.text.mustache", "T761", "not a template file name"),
            ("page.fr.text.mustache", "T762", "unknown language 'fr'"),
            ("page.de.body.mustache", "T763", "unknown part 'body'"),
        ])
    func badName(file: String, code: String, problem: String) throws {
        let folder = try TemporaryFolder()
        try folder.write(file, "x")
        let error = try #require(loadingError(overrides: folder))
        #expect(error.code == code)
        #expect(error.message == "\(folder.path(file)): \(problem)")
    }

    @Test("A folder inside the override folder is an error")
    func subfolder() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("de"), withIntermediateDirectories: true)
        let error = try #require(loadingError(overrides: folder))
        #expect(error.message == "\(folder.path("de")): not a template file name")
    }

    @Test("A missing override folder is an error naming it")
    func missingOverrideFolder() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("nowhere")
        do {
            _ = try MessageTemplates(overrides: missing)
            Issue.record("loaded from a folder that does not exist")
        } catch {
            #expect(error.code == "T760")
            #expect(error.message == "\(missing.path): cannot read the folder of override templates")
        }
    }

    @Test("A template without one of its six files fails with the missing file's name")
    func missingPart() throws {
        let folder = try TemporaryFolder()
        try folder.writeComplete("note")
        try folder.writeComplete("alarm")
        try FileManager.default.removeItem(atPath: folder.path("note.en.html.mustache"))
        let error = try #require(loadingError(base: folder))
        #expect(
            error.description == """
                \(folder.path("note.en.html.mustache")): missing; template 'note' needs a subject, a text and an html part \
                in German and English [T765]
                  hint: every template has six files, note.{de,en}.{subject,text,html}.mustache
                """)
    }

    @Test("A template in only one language fails naming the first missing file")
    func missingLanguage() throws {
        let folder = try TemporaryFolder()
        for part in TemplatePart.allCases { try folder.write("note.de.\(part.rawValue).mustache", "x") }
        let error = try #require(loadingError(base: folder))
        #expect(error.code == "T765")
        #expect(error.file == folder.path("note.en.subject.mustache"))
    }

    @Test("A syntax error in an override names file, line and column")
    func syntaxError() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "dpo_briefing.en.text.mustache", "Hello,\n\n{{#incident.hosts}}\n- {{.}}\n{{/incident.rules}}\nBye\n")
        let error = try #require(loadingError(overrides: folder))
        #expect(error.code == "T766")
        #expect(
            error.message
                == "\(folder.path("dpo_briefing.en.text.mustache")):5:4: a section is closed with a name other than the one it was opened with"
        )
    }

    @Test("A tag the file never closes is reported on the file's last line")
    func unclosedTag() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.de.subject.mustache", "Alarm\n{{incident.title\n")
        let error = try #require(loadingError(overrides: folder))
        #expect(error.code == "T766")
        #expect(error.message == "\(folder.path("page.de.subject.mustache")):2: the file ends inside a tag")
    }

    @Test("A tag with a character no name has is reported where it stands")
    func badTagName() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.de.subject.mustache", "Alarm {{incident title}}\n")
        let error = try #require(loadingError(overrides: folder))
        #expect(
            error.message
                == "\(folder.path("page.de.subject.mustache")):1:18: a tag is not closed with '}}', or its name holds a character names cannot have"
        )
    }

    @Test("A section never closed names the file")
    func unclosedSection() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.de.html.mustache", "<p>{{#ack}}{{url}}</p>\n")
        let error = try #require(loadingError(overrides: folder))
        #expect(error.code == "T766")
        #expect(error.message.contains("page.de.html.mustache:"))
        #expect(error.message.hasSuffix("a section is opened and never closed"))
    }

    @Test("A template may not set its own content type or pull in partials")
    func pragmaAndPartials() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.de.html.mustache", "{{% CONTENT_TYPE: TEXT}}\n{{incident.title}}\n")
        #expect(loadingError(overrides: folder)?.code == "T768")
        let other = try TemporaryFolder()
        try other.write("page.de.text.mustache", "{{> footer}}\n")
        #expect(
            loadingError(overrides: other)?.message
                == "\(other.path("page.de.text.mustache")): a template must not include partials ({{> name}})")
    }

    @Test("A file that is not UTF-8 names the file")
    func notUTF8() throws {
        let folder = try TemporaryFolder()
        try Data([0x66, 0xFF, 0xFE, 0x0A]).write(to: folder.url.appendingPathComponent("page.en.text.mustache"))
        let error = try #require(loadingError(overrides: folder))
        #expect(error.code == "T767")
        #expect(error.message == "\(folder.path("page.en.text.mustache")): cannot read the file as UTF-8 text")
    }
}
