import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TocsinCore
import TocsinResponse
import TocsinStore

/// The responders' HTML pages for the public status page: log in with a form, post updates with a form. The
/// session cookie is SameSite=Strict; every form repeats the session's CSRF token, and a form posted from another
/// origin is refused.
extension API {
    func registerStatusManage(on router: Router<TocsinRequestContext>) {
        router.get("/manage/login") { _, _ in html(ManagePageHTML.login(error: nil)) }
        router.post("/manage/login") { request, context in
            try await formLogin(request, address: context.clientAddress)
        }
        router.get("/manage/status") { request, _ in
            let identity: Identity
            do {
                identity = try await authenticate(request, needs: .responder)
            } catch let error as APIError where error.status == .unauthorized {
                return redirect("/manage/login")
            }
            return try await managePage(identity, posted: request.uri.queryParameters.get("posted").map { String($0) })
        }
        router.post("/manage/status/updates") { request, _ in
            let form = try await formBody(request, limit: 256 << 10)
            let identity = try await authenticateForm(request, form, needs: .responder)
            do {
                let update = try Self.formUpdate(form)
                let incident = try await desk().post(update, actor: identity.actor)
                return redirect("/manage/status?posted=\(incident.id)")
            } catch let error as DeskError {
                metrics.count(error.kind == .conflict ? .conflict : .badRequest)
                return try await managePage(
                    identity, posted: nil, error: error.message, status: error.kind == .conflict ? .conflict : .badRequest)
            } catch let error as APIError {
                return try await managePage(identity, posted: nil, error: error.message, status: error.status)
            }
        }
        router.post("/manage/logout") { request, _ in
            let form = try await formBody(request, limit: 4 << 10)
            let identity = try await authenticateForm(request, form, needs: .viewer)
            if case .session(let session) = identity.credential {
                _ = try await store.deleteSession(id: session.id, actor: identity.actor)
            }
            var response = redirect("/manage/login")
            response.headers[.setCookie] = SessionCookie.clearing(secure: configuration.sessions.secureCookie)
            return response
        }
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A form posted from another site is refused: browsers send `Origin` with every form POST.
    func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin], origin != "null" else { return }
        let host = request.head.authority ?? ""
        guard let url = URL(string: origin), let originHost = url.host else {
            throw refuse(.forbidden, .forbidden, "the form was posted from another origin")
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        guard originAuthority == host else {
            throw refuse(.forbidden, .forbidden, "the form was posted from another origin (\(origin))")
        }
    }

    /// A session (never a token: forms come from browsers) with the role, whose CSRF token the form repeats.
    func authenticateForm(_ request: Request, _ form: FormBody, needs: Role) async throws -> Identity {
        try checkOrigin(request)
        guard let secret = SessionCookie.secret(in: request) else {
            throw refuse(.unauthenticated, .unauthorized, "log in first at /manage/login")
        }
        let session = try await validSession(secret)
        guard SessionCookie.csrfMatches(form["csrf_token"] ?? "", session.csrfToken) else {
            throw refuse(.forbidden, .forbidden, "the form's CSRF token does not match the session; reload the page")
        }
        guard session.role.rank >= needs.rank else {
            throw refuse(.forbidden, .forbidden, "this needs the role \(needs.rawValue); the user has \(session.role.rawValue)")
        }
        return Identity(name: session.userName, role: session.role, credential: .session(session))
    }

    func formLogin(_ request: Request, address: String?) async throws -> Response {
        try checkOrigin(request)
        let form = try await formBody(request, limit: 8 << 10)
        guard let name = form["name"], let password = form.fields["password"]?.first, (1...128).contains(name.count),
            password.utf8.count <= 1024
        else {
            metrics.count(.badRequest)
            return html(ManagePageHTML.login(error: "Enter a name and a password."), status: .badRequest)
        }
        do {
            let (_, secret) = try await openSession(name: name, password: password, address: address)
            metrics.count(.logins)
            var response = redirect("/manage/status")
            response.headers[.setCookie] = SessionCookie.setting(secret, secure: configuration.sessions.secureCookie)
            return response
        } catch let error as APIError where error.status == .unauthorized || error.status == .tooManyRequests {
            var response = html(ManagePageHTML.login(error: error.message), status: error.status)
            response.headers.append(contentsOf: error.headers)
            return response
        }
    }

    func managePage(
        _ identity: Identity, posted: String?, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard case .session(let session) = identity.credential else {
            throw refuse(.badRequest, .badRequest, "the responder pages are for a browser session; use the API with a token")
        }
        let desk = try desk()
        let names = desk.pageNames(fallback: configuration.alarm.organisation.name)
        let snapshot = try await desk.snapshot(organisation: names.organisation, title: names.title)
        var restoration: (plan: RestorationPlan, progress: RecoveryProgress)?
        if desk.graph != nil {
            let (plan, progress, _) = try await desk.restoration()
            restoration = (plan, progress)
        }
        return html(
            ManagePageHTML.status(
                user: identity.name, csrf: session.csrfToken, snapshot: snapshot, posted: posted, error: error,
                restoration: restoration),
            status: status)
    }

    /// The update a form describes: German required, English optional, steps one per line.
    static func formUpdate(_ form: FormBody) throws -> PublicUpdate {
        guard let phase = form["phase"].flatMap(IncidentPhase.init(rawValue:)) else {
            throw DeskError(.invalid, "choose a phase")
        }
        guard let german = form["body_de"] else { throw DeskError(.invalid, "the German text is required") }
        let incident = form["incident"] ?? "new"
        var title: LocalizedText?
        if incident == "new" {
            guard let titleDE = form["title_de"] else { throw DeskError(.invalid, "a new incident needs a German title") }
            title = LocalizedText(de: titleDE, en: form["title_en"])
        }
        let stepsDE = (form["actions_de"] ?? "").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        let stepsEN = (form["actions_en"] ?? "").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        let actions = stepsDE.enumerated().map { index, step in
            LocalizedText(de: step, en: index < stepsEN.count ? stepsEN[index] : nil)
        }
        var next: Date?
        if let text = form["next_update_at"] {
            guard let date = Self.berlinLocalTime(text) else {
                throw DeskError(.invalid, "the next update time must be like 2026-12-03T14:00")
            }
            next = date
        }
        return PublicUpdate(
            incidentID: incident == "new" ? nil : incident, title: title, phase: phase,
            body: LocalizedText(de: german, en: form["body_en"]), components: form.all("components"),
            customerActions: actions, nextUpdateAt: next, notify: form["notify"] != nil)
    }

    /// `2026-12-03T14:00` as a time in Europe/Berlin (what a `datetime-local` field sends).
    static func berlinLocalTime(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count >= 5 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day, components.hour, components.minute) =
            (parts[0], parts[1], parts[2], parts[3], parts[4])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        return calendar.date(from: components)
    }
}
