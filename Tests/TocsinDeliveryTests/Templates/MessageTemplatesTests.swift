import Foundation
import Testing
import TocsinCore

@testable import TocsinDelivery

@Suite("Message templates")
struct MessageTemplatesTests {
    static let templateNames = [
        "acknowledged", "bsi_early_warning", "bsi_notification", "dpa_notification", "dpo_briefing", "gematik_report",
        "ir_retainer_request", "management_briefing", "page", "police_report",
    ]
    /// Notices a person outside the provider reads and acts on; each carries version, as-of and the incident reference.
    static let authorityNotices = [
        "bsi_early_warning", "bsi_notification", "dpa_notification", "gematik_report", "police_report",
    ]

    @Test("The bundled set has the ten templates")
    func bundledNames() throws {
        #expect(try MessageTemplates().names == Self.templateNames)
    }

    @Test(
        "Every template renders in both languages from the sample and from a minimal context", arguments: templateNames)
    func rendersEverywhere(name: String) throws {
        let templates = try MessageTemplates()
        for language in Language.allCases {
            for (label, context) in [("sample", MessageContext.sample()), ("minimal", MessageContext.minimal())] {
                let message = try templates.render(name, language: language, context: context)
                let where_ = "\(name) \(language) \(label)"
                for part in [message.subject, message.text, message.html] {
                    #expect(!part.contains("{{") && !part.contains("}}"), "stray tag in \(where_)")
                }
                #expect(!message.subject.isEmpty && !message.subject.contains("\n"), "\(where_)")
                #expect(message.subject == message.subject.trimmingCharacters(in: .whitespaces))
                #expect(message.text.hasSuffix("\n") && !message.text.hasSuffix("\n\n"), "\(where_)")
                #expect(!message.text.contains("\n\n\n"), "\(where_)")
                #expect(message.html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"), "\(where_)")
                #expect(message.html.hasSuffix("</html>\n"))
                for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "<style", "@import"] {
                    #expect(!message.html.lowercased().contains(forbidden), "\(forbidden) in \(where_)")
                }
                #expect(message.text.contains(context.incident.id) && message.html.contains(context.incident.id))
                // An example is marked as such in all three parts; real facts are not.
                let mark = language == .de ? "BEISPIEL" : "EXAMPLE"
                for part in [message.subject, message.text, message.html] {
                    #expect(part.contains(mark) == context.isExample, "\(where_)")
                }
                // Never claim that no data was affected; every notice says what is not known.
                #expect(!message.text.contains("keine Daten betroffen") && !message.text.contains("no data affected"))
            }
        }
    }

    @Test(
        "Notices to authorities carry version, as-of, the reporting organisation and its contact",
        arguments: authorityNotices)
    func authorityNoticeContent(name: String) throws {
        let templates = try MessageTemplates()
        let sample = MessageContext.sample()
        let german = try templates.render(name, language: .de, context: sample).text
        #expect(german.contains("Version: 1.0"))
        #expect(german.contains("Stand: 02.12.2026, 06:30 Uhr (MEZ, UTC+01:00)"))
        #expect(german.contains("Tocsin-Vorgang 42"))
        #expect(german.contains("Beispiel Praxissoftware GmbH (Beispiel)"))
        let english = try templates.render(name, language: .en, context: sample).text
        #expect(english.contains("Version: 1.0"))
        #expect(english.contains("As of: 2 Dec 2026, 06:30 CET (UTC+01:00)"))
        #expect(english.contains("Tocsin incident 42"))
        // Contact: the DPO for the data protection authority, the security contact for everyone else.
        let contact = name == "dpa_notification" ? "+49 30 23125 110" : "+49 30 23125 120"
        #expect(german.contains(contact) && english.contains(contact))
        // Without notice facts the version and as-of lines ask to be completed, in the reader's language.
        let bare = try templates.render(name, language: .de, context: .minimal()).text
        #expect(bare.contains("Version: [zu ergänzen: Versionsnummer]"))
        #expect(bare.contains("Stand: [zu ergänzen: Datum und Uhrzeit]"))
        let bareEnglish = try templates.render(name, language: .en, context: .minimal()).text
        #expect(bareEnglish.contains("As of: [to be completed: date and time]"))
    }

    @Test("The page names tier, acknowledgement link with its expiry, hosts and incident link")
    func page() throws {
        let message = try MessageTemplates().render("page", language: .de, context: .sample())
        #expect(
            message.subject
                == "[BEISPIEL] Tocsin-Alarm (kritisch): Massenverschlüsselung von Dateien auf srv-app-03 – Vorgang 42, Eskalationsstufe 2"
        )
        #expect(message.text.contains("Eskalationsstufe: 2\n"))
        #expect(message.text.contains("https://tocsin.beispiel-praxissoftware.example/ack/EXAMPLE-NOT-A-REAL-TOKEN"))
        #expect(message.text.contains("Der Link gilt bis 02.12.2026, 07:00 Uhr (MEZ, UTC+01:00)."))
        #expect(message.text.contains("- srv-file-01\n"))
        #expect(message.text.contains("Taktiken (MITRE ATT&CK): credential-access, lateral-movement, impact\n"))
        #expect(message.text.contains("Vorfall in Tocsin: https://tocsin.beispiel-praxissoftware.example/incidents/42"))
        #expect(
            message.html.contains(
                "<a href=\"https://tocsin.beispiel-praxissoftware.example/incidents/42\">https://tocsin.beispiel-praxissoftware.example/incidents/42</a>"
            ))
        #expect(message.html.contains("MITRE ATT&amp;CK"))
        let minimal = try MessageTemplates().render("page", language: .en, context: .minimal())
        #expect(minimal.subject == "Tocsin alarm (high): Verdächtige Anmeldung – incident 7")
        #expect(minimal.text.contains("- not yet tied to any system\n"))
        #expect(minimal.text.contains("This alarm has no acknowledgement link"))
        #expect(!minimal.text.contains("Escalation tier"))
    }

    @Test("A repeated pass of the escalation policy says so")
    func repeatedEscalation() throws {
        var context = MessageContext.sample()
        context.escalation = .init(tierIndex: 0, loopIndex: 2)
        let text = try MessageTemplates().render("page", language: .en, context: context).text
        #expect(text.contains("Escalation tier: 1 (pass 3: nobody has acknowledged yet)\n"))
    }

    @Test("Briefings state the awareness time and both due times, or that awareness is still to be decided")
    func clocks() throws {
        let templates = try MessageTemplates()
        let text = try templates.render("management_briefing", language: .de, context: .sample()).text
        #expect(text.contains("Kenntnis des Vorfalls (Beginn der Fristen): 02.12.2026, 02:10 Uhr (MEZ, UTC+01:00)"))
        #expect(
            text.contains("Frühe Erstmeldung an das BSI fällig (24 Stunden): 03.12.2026, 02:10 Uhr (MEZ, UTC+01:00)"))
        #expect(text.contains("(72 Stunden): 05.12.2026, 02:10 Uhr (MEZ, UTC+01:00)"))
        #expect(
            text.contains(
                "Ob und in welchem Umfang Daten entwendet, eingesehen oder verändert wurden, ist derzeit nicht bekannt."
            ))
        var undecided = MessageContext.sample()
        undecided.notice?.awarenessAt = nil
        let english = try templates.render("dpo_briefing", language: .en, context: undecided).text
        #expect(english.contains("The moment of awareness has not been decided yet."))
        #expect(!english.contains("(24 hours):"))
    }

    @Test("The acknowledgement note names who took the incident")
    func acknowledged() throws {
        let message = try MessageTemplates().render("acknowledged", language: .de, context: .sample())
        #expect(
            message.subject == "[BEISPIEL] Übernommen: Massenverschlüsselung von Dateien auf srv-app-03 – Vorgang 42")
        #expect(
            message.text.contains(
                "Jana Probe hat den Vorfall „Massenverschlüsselung von Dateien auf srv-app-03“ (Vorgang 42) am 02.12.2026, 02:30 Uhr (MEZ, UTC+01:00) übernommen."
            ))
    }

    @Test("Values are HTML-escaped in the HTML part and verbatim in subject and text", arguments: templateNames)
    func escaping(name: String) throws {
        let title = #"<script>alert("x")</script> & 'Tür'"#
        var context = MessageContext.sample()
        context.incident.title = title
        context.incident.hosts = ["<b>srv</b>"]
        for language in Language.allCases {
            let message = try MessageTemplates().render(name, language: language, context: context)
            #expect(message.text.contains(title))
            // The note to the others paged does not list hosts.
            let listsHosts = name != "acknowledged"
            #expect(message.text.contains("<b>srv</b>") == listsHosts)
            #expect(message.html.contains("&lt;b&gt;srv&lt;/b&gt;") == listsHosts)
            #expect(
                !message.text.contains("&lt;") && !message.text.contains("&amp;") && !message.text.contains("&quot;"))
            #expect(message.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Tür&#39;"))
            #expect(!message.html.contains("<script") && !message.html.contains("<b>"))
            if message.subject.contains("alert") { #expect(message.subject.contains(title)) }
        }
    }

    @Test("A subject is one trimmed line whatever the template and the facts hold")
    func subjectOneLine() throws {
        let folder = try TemporaryFolder()
        try folder.writeComplete("note")
        try folder.write("note.de.subject.mustache", "\n  Vorfall {{incident.id}}:\n\n   {{incident.title}}  \n\n")
        var context = MessageContext.minimal(title: "zwei\nZeilen\r\nund mehr")
        context.incident.id = "9"
        let message = try MessageTemplates(directory: folder.url).render("note", language: .de, context: context)
        #expect(message.subject == "Vorfall 9: zwei Zeilen und mehr")
    }

    @Test("An override replaces the bundled file of the same name and leaves the others")
    func override() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.de.subject.mustache", "ALARM {{incident.id}} {{incident.title}}\n")
        try folder.write(".page.de.text.mustache.swp", "editor litter is skipped")
        let templates = try MessageTemplates(overrides: folder.url)
        #expect(templates.names == Self.templateNames)
        let german = try templates.render("page", language: .de, context: .minimal(title: "A & B"))
        #expect(german.subject == "ALARM 7 A & B")
        #expect(german.text.contains("Tocsin hat einen Angriff erkannt."))
        let english = try templates.render("page", language: .en, context: .minimal())
        #expect(english.subject.hasPrefix("Tocsin alarm"))
    }

    @Test("An HTML override escapes values, a text override does not")
    func overrideEscaping() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.en.html.mustache", "<p>{{incident.title}}</p>\n")
        try folder.write("page.en.text.mustache", "{{incident.title}}\n")
        let message = try MessageTemplates(overrides: folder.url).render(
            "page", language: .en, context: .minimal(title: "<i>"))
        #expect(message.html == "<p>&lt;i&gt;</p>\n")
        #expect(message.text == "<i>\n")
    }

    @Test("Rendering an unknown template names it and suggests the nearest")
    func unknownName() throws {
        let templates = try MessageTemplates()
        #expect(throws: TemplateError.noSuchTemplate("pgae", known: Self.templateNames)) {
            try templates.render("pgae", language: .de, context: .minimal())
        }
        let error = TemplateError.noSuchTemplate("pgae", known: Self.templateNames)
        #expect(error.description.hasPrefix("no message template is named 'pgae' [T770]\n  hint: did you mean 'page'?"))
    }
}
