import Foundation
import Logging
import TocsinCore
import TocsinResponse
import TocsinStore

/// The page's e-mail subscriptions: sign-up with double opt-in, leaving, and an incident update queued to every
/// confirmed subscriber through the alarm chain's outbox (so it is retried, recorded and never sent twice).
struct SubscriptionMailer: Sendable {
    let store: any StatusStore
    let links: SubscriptionLinks
    /// The mail channel that carries the mails.
    let channel: String
    /// Where the server is reached from outside (`public_url`), for the links in the mails.
    let publicURL: String
    let organisation: LocalizedText
    let time: StatusTimeFormat
    let clock: @Sendable () -> Date
    let logger: Logger

    /// How long a confirmation link is valid.
    static let confirmationLifetime: TimeInterval = 7 * 86400
    /// Leaving works as long as the link secret is kept.
    static let unsubscribeLifetime: TimeInterval = 20 * 365 * 86400

    /// A plausible single address (no spaces, no line breaks that could inject headers), lower-cased.
    static func normalised(_ email: String) -> String? {
        let text = email.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 && !"<>,;\"()[]\\".unicodeScalars.contains($0) })
        else { return nil }
        return text
    }

    /// Signs an address up and queues the confirmation mail (at most one a day per address, so the form cannot
    /// be used to flood someone's inbox). Already confirmed addresses get nothing.
    func signUp(email: String, language: Language) async throws {
        let subscriber = try await store.subscribe(email: email, language: language.rawValue, actor: "public")
        guard subscriber.status == .pending else { return }
        let now = clock()
        let token = links.token(.confirm, subscriber: subscriber.id, expiresAt: now.addingTimeInterval(Self.confirmationLifetime))
        let (subject, text) = SubscriberMail.confirmation(
            organisation: organisation, confirmURL: "\(publicURL)/status/confirm/\(token)", language: language)
        let day = Int64(now.timeIntervalSince1970 / 86400)
        let draft = OutboxDraft(
            idempotencyKey: "status-confirm|\(subscriber.id)|\(day)", incidentID: nil,
            cause: "status_subscription:\(subscriber.id)", contact: "subscriber:\(subscriber.id)", channel: channel,
            address: subscriber.email, language: language.rawValue, template: "status_confirmation", subject: subject,
            text: text, html: nil)
        _ = try await store.queueMessages([draft], audit: [])
    }

    /// The mails announcing update `version` of `incident` to every confirmed subscriber, to be written with it.
    func drafts(for incident: StatusIncident, version: Int) async throws -> [OutboxDraft] {
        let subscribers = try await store.subscribers(status: .confirmed)
        let now = clock()
        return subscribers.map { subscriber -> OutboxDraft in
            let language = Language(rawValue: subscriber.language) ?? .de
            let token = links.token(
                .unsubscribe, subscriber: subscriber.id, expiresAt: now.addingTimeInterval(Self.unsubscribeLifetime))
            let (subject, text) = SubscriberMail.update(
                incident, version: version, organisation: organisation,
                pageURL: "\(publicURL)/status?lang=\(language.rawValue)",
                unsubscribeURL: "\(publicURL)/status/unsubscribe/\(token)", language: language, time: time)
            return OutboxDraft(
                idempotencyKey: "status-update|\(incident.id)|\(version)|\(subscriber.id)", incidentID: nil,
                cause: "status_update:\(incident.id):\(version)", contact: "subscriber:\(subscriber.id)",
                channel: channel, address: subscriber.email, language: language.rawValue,
                template: "status_update", subject: subject, text: text, html: nil)
        }
    }
}
