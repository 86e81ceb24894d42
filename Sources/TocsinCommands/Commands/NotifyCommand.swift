import ArgumentParser
import Foundation
import TocsinCore
import TocsinDelivery
import TocsinServer

extension Language: ExpressibleByArgument {}

/// `tocsin notify`: the alarm chain's messages, before an incident needs them.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Preview message templates and test channels.",
        subcommands: [Preview.self, Templates.self, Test.self])

    /// The templates, with the operator's folder from the configuration when it names one.
    static func templates(_ configuration: ServerConfiguration) throws -> MessageTemplates {
        try MessageTemplates(overrides: configuration.alarm.templates.map { URL(fileURLWithPath: $0) })
    }

    /// The sample incident, with the configured organisation when there is one.
    static func sample(_ configuration: ServerConfiguration) -> MessageContext {
        var context = MessageContext.sample()
        let organisation = configuration.alarm.organisation
        if organisation != OrganisationSettings() {
            context.organisation = MessageContext.Organisation(
                name: organisation.name, address: organisation.address, phone: organisation.phone,
                email: organisation.email,
                dpo: MessageContext.Contact(
                    name: organisation.dpoName, phone: organisation.dpoPhone, email: organisation.dpoEmail),
                securityContact: MessageContext.Contact(
                    name: organisation.securityContactName, phone: organisation.securityContactPhone,
                    email: organisation.securityContactEmail))
        }
        return context
    }

    /// `tocsin notify preview TEMPLATE`.
    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "preview",
            abstract: "Render a template with a sample incident (German and English unless --language is given).")

        @Argument(help: "The template, e.g. page, dpo_briefing, bsi_early_warning (see 'tocsin notify templates').")
        var template: String

        @Option(help: "de or en; both when left out (German first).")
        var language: Language?

        @Flag(help: "Print the HTML part instead of the plain text.")
        var html = false

        @OptionGroup var server: ServerOptions

        func run() throws {
            let configuration = try server.configuration()
            let templates = try NotifyCommand.templates(configuration)
            guard templates.names.contains(template) else {
                throw ValidationError(
                    "no template '\(template)'; templates: \(templates.names.joined(separator: ", "))")
            }
            let context = NotifyCommand.sample(configuration)
            let languages = language.map { [$0] } ?? Language.allCases.sorted()
            for (index, language) in languages.enumerated() {
                let message = try templates.render(template, language: language, context: context)
                if index > 0 { print("") }
                print("== \(template) (\(language.rawValue))")
                print("Subject: \(message.subject)")
                print("")
                print(html ? message.html : message.text, terminator: html ? "\n" : "")
            }
        }
    }

    /// `tocsin notify templates`.
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "templates", abstract: "List the message templates.")

        @OptionGroup var server: ServerOptions

        func run() throws {
            for name in try NotifyCommand.templates(try server.configuration()).names { print(name) }
        }
    }

    /// `tocsin notify test CHANNEL --to ADDRESS`.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Send the sample page through a configured channel now, to check it works (nothing is stored).")

        @Argument(help: "The channel's name in the configuration.")
        var channel: String

        @Option(help: "The e-mail address to send to (for e-mail channels).")
        var to: String?

        @Option(help: "de or en.")
        var language: Language = .de

        @OptionGroup var server: ServerOptions

        func run() throws {
            let configuration = try server.configuration()
            guard configuration.alarm.channel(named: channel) != nil else {
                throw ValidationError(
                    "no channel '\(channel)' in the configuration; channels: "
                        + configuration.alarm.channels.map(\.name).joined(separator: ", "))
            }
            let templates = try NotifyCommand.templates(configuration)
            let message = try templates.render("page", language: language, context: NotifyCommand.sample(configuration))
            let channel = self.channel
            let to = self.to
            let receipt = try runBlocking {
                try await AlarmChain.sendTest(
                    configuration, channel: channel, address: to, subject: message.subject, text: message.text,
                    html: message.html, environment: ProcessInfo.processInfo.environment)
            }
            print("delivered through \(channel): \(receipt)")
        }
    }
}
