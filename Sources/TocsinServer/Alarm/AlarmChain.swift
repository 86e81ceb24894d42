import AsyncHTTPClient
import Crypto
import Foundation
import TocsinDelivery
import TocsinResponse
import TocsinStore

/// The alarm chain made ready from the configuration before the server starts: the planner, the templates, the
/// link signer and one transport per channel, with secrets read from the environment. Everything that can be wrong
/// (a broken template override, a missing secret, an unreadable CA file) fails here, at start, with a clear message.
public struct AlarmChain: Sendable {
    let settings: AlarmSettings
    let planner: AlarmPlanner
    let templates: MessageTemplates
    let links: AcknowledgementLinks
    let channels: [String: any OutboxChannel]

    /// Prepares the chain; `environment` holds the secrets the channels name.
    public static func prepare(
        _ configuration: ServerConfiguration, environment: [String: String], httpClient: HTTPClient = .shared
    ) throws -> AlarmChain {
        let settings = configuration.alarm
        let planner = try AlarmPlanner(settings.configuration, knownChannels: Set(settings.channels.map(\.name)))
        let templates = try MessageTemplates(overrides: settings.templates.map { URL(fileURLWithPath: $0) })
        for template in Self.templatesUsed(by: settings.configuration) where !templates.names.contains(template) {
            throw ServerStartError(
                "a playbook notifies with template '\(template)', which does not exist",
                hint: "templates: " + templates.names.joined(separator: ", "))
        }
        let links = AcknowledgementLinks(
            secret: try AcknowledgementLinks.secret(environment: environment, dataFolder: configuration.dataFolder))
        var channels: [String: any OutboxChannel] = [:]
        for channel in settings.channels {
            channels[channel.name] = try Self.transport(channel, environment: environment, httpClient: httpClient)
        }
        return AlarmChain(settings: settings, planner: planner, templates: templates, links: links, channels: channels)
    }

    static func templatesUsed(by configuration: AlarmConfiguration) -> Set<String> {
        var names: Set<String> = ["page", "acknowledged"]
        for playbook in configuration.playbooks {
            for case .notify(let template, _, _) in playbook.steps { names.insert(template) }
        }
        return names
    }

    static func secret(_ variable: String, _ environment: [String: String], channel: String) throws -> String {
        guard let value = environment[variable], !value.isEmpty else {
            throw ServerStartError(
                "channel '\(channel)' needs the environment variable \(variable), which is not set",
                hint: "secrets are kept out of tocsin.yaml; export \(variable) before starting")
        }
        return value
    }

    static func transport(_ channel: ChannelSettings, environment: [String: String], httpClient: HTTPClient) throws
        -> any OutboxChannel
    {
        let timeout = Duration.milliseconds(Int(channel.timeout * 1000))
        switch channel.kind {
        case .webhook(let url, let secretVariable):
            let secret = try secretVariable.map {
                WebhookSecret(try Self.secret($0, environment, channel: channel.name))
            }
            guard let parsed = URL(string: url) else { throw ServerStartError("channel '\(channel.name)': bad URL") }
            return WebhookChannel(
                transport: WebhookTransport(
                    WebhookConfiguration(url: parsed, signingSecret: secret, timeout: timeout), client: httpClient))
        case .pagerDuty(let url, let routingKeyVariable):
            let key = WebhookSecret(try Self.secret(routingKeyVariable, environment, channel: channel.name))
            guard let parsed = URL(string: url) else { throw ServerStartError("channel '\(channel.name)': bad URL") }
            return WebhookChannel(
                transport: WebhookTransport(
                    WebhookConfiguration(url: parsed, shape: .pagerDuty(routingKey: key), timeout: timeout),
                    client: httpClient))
        case .smtp(let smtp):
            let security: SMTPConfiguration.Security =
                switch smtp.security {
                case "tls": .implicitTLS
                case "none": .none
                default: .startTLS
                }
            let credentials = try smtp.username.map { user in
                SMTPCredentials(
                    username: user,
                    password: SMTPSecret(try Self.secret(smtp.passwordVariable ?? "", environment, channel: channel.name)))
            }
            let client = try SMTPClient(
                configuration: SMTPConfiguration(
                    host: smtp.host, port: smtp.port, security: security, credentials: credentials,
                    heloName: smtp.heloName ?? "tocsin", trust: smtp.caFile.map { .caFile($0) } ?? .systemRoots,
                    connectTimeout: .seconds(10), commandTimeout: timeout))
            return try MailChannel(transport: client, from: channel.from ?? "")
        case .sendmail(let path):
            return try MailChannel(transport: SendmailTransport(path: path, timeout: timeout), from: channel.from ?? "")
        case .file(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return try MailChannel(transport: FileOutboxTransport(directory: directory), from: channel.from ?? "")
        }
    }
}

/// An e-mail channel: SMTP, sendmail or a folder of `.eml` files.
struct MailChannel: OutboxChannel {
    let transport: any MailTransport
    let from: MailAddress

    init(transport: any MailTransport, from: String) throws {
        self.transport = transport
        self.from = try Self.address(from)
    }

    /// `Name <local@domain>` or a bare address.
    static func address(_ text: String) throws -> MailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            return try MailAddress(address, displayName: name.isEmpty ? nil : name)
        }
        return try MailAddress(trimmed)
    }

    /// The Message-ID a message gets: derived from its idempotency key, so a resend after a crash has the same one.
    static func messageID(for key: String, domain: String) -> String {
        let digest = SHA256.hash(data: Array(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        return "<\(digest)@\(domain)>"
    }

    func deliver(_ message: OutboxMessage) async throws -> String {
        let draft = message.draft
        guard let address = draft.address else {
            throw DeliveryError(.permanent, code: "T780", "contact '\(draft.contact)' has no e-mail address on \(draft.channel)")
        }
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "tocsin"
        var key = ""
        for scalar in draft.idempotencyKey.unicodeScalars where scalar.value >= 0x21 && scalar.value < 0x7F {
            key.unicodeScalars.append(scalar)
        }
        let mail = try MailMessage(
            from: from, to: [try MailAddress(address)], subject: draft.subject, textBody: draft.text,
            htmlBody: draft.html, messageID: Self.messageID(for: draft.idempotencyKey, domain: domain),
            date: message.createdAt, headers: [try MailHeader("X-Tocsin-Idempotency-Key", key)])
        let receipt = try await transport.send(mail)
        return receipt.response
    }
}

extension AlarmChain {
    /// Sends one message through a configured channel now, outside the outbox (`tocsin notify test`).
    public static func sendTest(
        _ configuration: ServerConfiguration, channel name: String, address: String?, subject: String, text: String,
        html: String, environment: [String: String]
    ) async throws -> String {
        guard let settings = configuration.alarm.channel(named: name) else {
            throw ServerStartError("no channel '\(name)' is configured")
        }
        if settings.kind.isMail && address == nil {
            throw ServerStartError("channel '\(name)' sends e-mail: give --to ADDRESS")
        }
        let channel = try transport(settings, environment: environment, httpClient: .shared)
        let now = Date()
        let key = "test:\(Int64(now.timeIntervalSince1970 * 1000))|cli|\(name)"
        let facts = WebhookFacts(
            action: .trigger, idempotencyKey: key, incidentID: 0, incidentTitle: subject, severity: "informational",
            hosts: [], tags: ["test"], openedAt: now, subject: subject, text: text, contact: "cli", template: "page")
        var payload = "{}"
        switch settings.kind {
        case .webhook: payload = WebhookBody.generic(facts)
        case .pagerDuty: payload = WebhookBody.pagerDuty(facts)
        default: break
        }
        let draft = OutboxDraft(
            idempotencyKey: key, incidentID: nil, cause: "test", contact: "cli", channel: name, address: address,
            language: "de", template: "page", subject: subject, text: text, html: html, payload: payload)
        let message = OutboxMessage(
            id: 0, draft: draft, status: .pending, attempts: 0, nextAttemptAt: now, lastError: nil,
            deliveryDetail: nil, createdAt: now, updatedAt: now, deliveredAt: nil, approvedBy: nil)
        return try await channel.deliver(message)
    }
}
