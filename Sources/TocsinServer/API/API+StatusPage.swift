import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TocsinCore
import TocsinResponse
import TocsinStore

/// The public status page: no login, answered from the rendered cache (never from the store), so it keeps serving
/// the last good snapshot when the database is slow or down.
extension API {
    func registerStatusPage(on router: Router<TocsinRequestContext>) {
        router.get("/status") { request, _ in servePage(.html, request) }
        router.get("/status/history.atom") { request, _ in servePage(.atom, request) }
        router.get("/status/api/v2/summary.json") { request, _ in servePage(.json, request) }
        // Monitors ask with HEAD: the same answer without the body.
        router.head("/status") { request, _ in servePage(.html, request, head: true) }
        router.head("/status/history.atom") { request, _ in servePage(.atom, request, head: true) }
        router.head("/status/api/v2/summary.json") { request, _ in servePage(.json, request, head: true) }
        router.post("/status/subscribe") { request, _ in try await subscribe(request) }
        router.get("/status/confirm/:token") { request, context in
            subscriptionLink(.confirm, token: context.parameters.get("token") ?? "", request: request)
        }
        router.post("/status/confirm/:token") { request, context in
            try await followSubscriptionLink(.confirm, token: context.parameters.get("token") ?? "", request: request)
        }
        router.get("/status/unsubscribe/:token") { request, context in
            subscriptionLink(.unsubscribe, token: context.parameters.get("token") ?? "", request: request)
        }
        router.post("/status/unsubscribe/:token") { request, context in
            try await followSubscriptionLink(
                .unsubscribe, token: context.parameters.get("token") ?? "", request: request)
        }
    }

    static var noSniff: HTTPField.Name? { HTTPField.Name("X-Content-Type-Options") }

    enum PageKind {
        case html
        case atom
        case json
    }

    static func language(of request: Request) -> Language {
        StatusLanguage.negotiate(
            query: request.uri.queryParameters.get("lang").map { String($0) },
            acceptLanguage: request.headers[.acceptLanguage])
    }

    /// Whether the client takes gzip (`Accept-Encoding: gzip`, not ruled out by q=0).
    static func acceptsGzip(_ request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding] else { return false }
        return header.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard fields.first == "gzip" || fields.first == "*" else { return false }
            return !fields.dropFirst().contains { $0 == "q=0" || $0 == "q=0.0" || $0 == "q=0.00" || $0 == "q=0.000" }
        }
    }

    func servePage(_ kind: PageKind, _ request: Request, head: Bool = false) -> Response {
        metrics.count(.statusRequests)
        guard let status else {
            return jsonResponse(["error": "the status page is not set up"], status: .notFound)
        }
        guard let page = status.cache.page else {
            return Response(
                status: .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "1"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "Die Statusseite wird aufgebaut. · The status page is being prepared.\n")))
        }
        let language = Self.language(of: request)
        let resource: StatusResource =
            switch kind {
            case .html: .html(language)
            case .atom: .atom(language)
            case .json: .json(language)
            }
        let gzip = Self.acceptsGzip(request) ? page.compressed[resource] : nil
        // A strong validator per representation: each resource, language and encoding has its own.
        let etag = page.etag(for: resource, gzip: gzip != nil)
        var headers: HTTPFields = [
            .contentType: resource.contentType, .contentLanguage: language.rawValue,
            .cacheControl: "public, max-age=5", .eTag: etag, .vary: "Accept-Language, Accept-Encoding",
        ]
        if let noSniff = Self.noSniff { headers[noSniff] = "nosniff" }
        if gzip != nil { headers[.contentEncoding] = "gzip" }
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: headers)
        }
        let body = gzip ?? page.bodies[resource] ?? ByteBuffer()
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }

    func notice(_ language: Language, status: HTTPResponse.Status = .ok, heading: LocalizedText, _ text: [LocalizedText],
        button: StatusNoticePage.Button? = nil) -> Response
    {
        let html = StatusNoticePage.render(
            language: language, heading: heading.text(in: language), paragraphs: text.map { $0.text(in: language) },
            button: button)
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A sign-up from the page's form; the answer is the same whether or not the address was known.
    func subscribe(_ request: Request) async throws -> Response {
        let form = try await formBody(request, limit: 4 << 10)
        let language = form["lang"].flatMap(Language.init(rawValue:)) ?? Self.language(of: request)
        guard let site = status, let subscriptions = site.subscriptions else {
            return notice(
                language, status: .notFound,
                heading: LocalizedText(de: "Keine Abonnements", en: "No subscriptions"),
                [LocalizedText(
                    de: "Für diese Statusseite sind keine E-Mail-Abonnements eingerichtet.",
                    en: "E-mail subscriptions are not set up for this status page.")])
        }
        guard let email = form["email"].flatMap(SubscriptionMailer.normalised) else {
            metrics.count(.badRequest)
            return notice(
                language, status: .badRequest,
                heading: LocalizedText(de: "Ungültige Adresse", en: "Invalid address"),
                [LocalizedText(
                    de: "Bitte geben Sie eine gültige E-Mail-Adresse an.", en: "Please enter a valid e-mail address.")])
        }
        try await subscriptions.signUp(email: email, language: language)
        metrics.count(.statusSubscriptions)
        return notice(
            language, heading: LocalizedText(de: "Bitte bestätigen", en: "Please confirm"),
            [LocalizedText(
                de: "Wir haben eine Nachricht an diese Adresse geschickt. Erst wenn Sie den Link darin bestätigen, "
                    + "erhalten Sie Statusmeldungen.",
                en: "We have sent a message to this address. You will get status updates only once you confirm "
                    + "the link in it.")])
    }

    /// The page behind a link in a mail: a button, since mail scanners follow links and must not act on them.
    func subscriptionLink(_ action: SubscriptionLinks.Action, token: String, request: Request) -> Response {
        let language = Self.language(of: request)
        guard let site = status, site.links.verify(token, action, at: clock()) != nil else {
            return invalidLink(language)
        }
        let button = StatusNoticePage.Button(
            action: "/status/\(action.rawValue)/\(token)?lang=\(language.rawValue)",
            label: action == .confirm
                ? (language == .de ? "Abonnement bestätigen" : "Confirm subscription")
                : (language == .de ? "Abmelden" : "Unsubscribe"))
        return action == .confirm
            ? notice(
                language, heading: LocalizedText(de: "Abonnement bestätigen", en: "Confirm subscription"),
                [LocalizedText(
                    de: "Bestätigen Sie, dass Sie Statusmeldungen per E-Mail erhalten möchten.",
                    en: "Confirm that you want status updates by e-mail.")], button: button)
            : notice(
                language, heading: LocalizedText(de: "Abmelden", en: "Unsubscribe"),
                [LocalizedText(
                    de: "Sie erhalten danach keine Statusmeldungen mehr per E-Mail.",
                    en: "You will get no more status updates by e-mail.")], button: button)
    }

    func followSubscriptionLink(_ action: SubscriptionLinks.Action, token: String, request: Request) async throws
        -> Response
    {
        let language = Self.language(of: request)
        guard let site = status, let id = site.links.verify(token, action, at: clock()) else {
            return invalidLink(language)
        }
        guard try await store.setSubscriber(id: id, status: action == .confirm ? .confirmed : .unsubscribed, actor: "public")
            != nil
        else { return invalidLink(language) }
        metrics.count(.statusSubscriptions)
        return action == .confirm
            ? notice(
                language, heading: LocalizedText(de: "Abonnement bestätigt", en: "Subscription confirmed"),
                [LocalizedText(
                    de: "Sie erhalten ab jetzt Statusmeldungen per E-Mail. Jede Mail enthält einen Link zum Abmelden.",
                    en: "You will now get status updates by e-mail. Every mail has a link to unsubscribe.")])
            : notice(
                language, heading: LocalizedText(de: "Abgemeldet", en: "Unsubscribed"),
                [LocalizedText(
                    de: "Sie erhalten keine Statusmeldungen mehr per E-Mail.",
                    en: "You will get no more status updates by e-mail.")])
    }

    func invalidLink(_ language: Language) -> Response {
        metrics.count(.forbidden)
        return notice(
            language, status: .forbidden, heading: LocalizedText(de: "Ungültiger Link", en: "Invalid link"),
            [LocalizedText(
                de: "Dieser Link ist ungültig oder abgelaufen. Melden Sie sich auf der Statusseite erneut an.",
                en: "This link is not valid or has expired. Sign up again on the status page.")])
    }
}
