import Foundation
import TocsinCore
import TocsinResponse

/// The responders' pages for the public status page: a login form and the page where updates are posted. Plain
/// forms, no scripts; every form carries the session's CSRF token.
enum ManagePageHTML {
    static let style = """
        body{font-family:system-ui,sans-serif;max-width:52rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;\
        line-height:1.45}label{display:block;font-weight:600;margin-top:.8rem}input[type=text],input[type=password],\
        input[type=datetime-local],select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.35rem}\
        textarea{min-height:6rem}fieldset{margin-top:1rem}fieldset label{display:inline;font-weight:400}\
        button{margin-top:1rem;font-size:1rem;padding:.5rem 1.2rem}.ok{background:#e6f4ea;border:1px solid #1e7b34;\
        padding:.6rem}.error{background:#fdecea;border:1px solid #a4281e;padding:.6rem}table{border-collapse:collapse}\
        td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}
        """

    static func document(title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(HTMLEscaping.escape(title))</title><style>\(style)</style></head>
        <body><main>
        \(body)
        </main></body></html>
        """
    }

    static func login(error: String?) -> String {
        let escape = HTMLEscaping.escape
        let problem = error.map { "<p class=\"error\" role=\"alert\">\(escape($0))</p>" } ?? ""
        return document(
            title: "Tocsin – responder login",
            """
            <h1>Responder login</h1>
            \(problem)
            <form id="login" method="post" action="/manage/login">
            <label for="login-name">Name</label>
            <input id="login-name" type="text" name="name" autocomplete="username" required>
            <label for="login-password">Password</label>
            <input id="login-password" type="password" name="password" autocomplete="current-password" required>
            <button id="login-submit" type="submit">Log in</button>
            </form>
            """)
    }

    static func status(
        user: String, csrf: String, snapshot: StatusPageSnapshot, posted: String?, error: String?,
        restoration: (plan: RestorationPlan, progress: RecoveryProgress)? = nil
    ) -> String {
        let escape = HTMLEscaping.escape
        var parts: [String] = ["<h1>Status page: post an update</h1>"]
        parts.append(
            "<p>Logged in as \(escape(user)). <a href=\"/status\">Public page</a> · "
                + "<a href=\"/status?lang=en\">English</a></p>")
        if let posted {
            parts.append("<p id=\"posted\" class=\"ok\" role=\"status\">Update posted to \(escape(posted)).</p>")
        }
        if let error { parts.append("<p class=\"error\" role=\"alert\">\(escape(error))</p>") }
        let open = snapshot.incidents.filter { !$0.isResolved }
        var options = ["<option value=\"new\">New incident</option>"]
        for incident in open {
            options.append(
                "<option value=\"\(escape(incident.id))\">\(escape(incident.id)): \(escape(incident.title.de)) "
                    + "(\(escape(incident.phase.rawValue)))</option>")
        }
        let phases = IncidentPhase.allCases.map {
            "<option value=\"\($0.rawValue)\">\($0.rawValue) – \(escape($0.label.de))</option>"
        }
        let boxes = snapshot.components.map { component in
            "<div><input type=\"checkbox\" id=\"component-\(escape(component.id))\" name=\"components\" "
                + "value=\"\(escape(component.id))\"> <label for=\"component-\(escape(component.id))\">"
                + "\(escape(component.name.de)) – \(escape(component.displayedState.label.text(in: .en)))</label></div>"
        }
        parts.append(
            """
            <form id="post-update" method="post" action="/manage/status/updates">
            <input type="hidden" name="csrf_token" value="\(escape(csrf))">
            <label for="update-incident">Incident</label>
            <select id="update-incident" name="incident">\(options.joined())</select>
            <label for="update-title-de">Title, German (new incident; authoritative)</label>
            <input id="update-title-de" type="text" name="title_de" maxlength="200">
            <label for="update-title-en">Title, English (new incident)</label>
            <input id="update-title-en" type="text" name="title_en" maxlength="200">
            <label for="update-phase">Phase</label>
            <select id="update-phase" name="phase">\(phases.joined())</select>
            <label for="update-body-de">Text, German (authoritative)</label>
            <textarea id="update-body-de" name="body_de" required></textarea>
            <label for="update-body-en">Text, English</label>
            <textarea id="update-body-en" name="body_en"></textarea>
            <label for="update-actions-de">What customers must do, German (one step per line)</label>
            <textarea id="update-actions-de" name="actions_de"></textarea>
            <label for="update-actions-en">What customers must do, English (the same steps, one per line)</label>
            <textarea id="update-actions-en" name="actions_en"></textarea>
            <label for="update-next">Next update (Europe/Berlin)</label>
            <input id="update-next" type="datetime-local" name="next_update_at">
            <fieldset><legend>Affected components</legend>\(boxes.joined())</fieldset>
            <div><input type="checkbox" id="update-notify" name="notify" value="1">
            <label for="update-notify">Mail confirmed subscribers</label></div>
            <button id="post-update-submit" type="submit">Post update</button>
            </form>
            """)
        parts.append("<h2>Open incidents</h2>")
        if open.isEmpty {
            parts.append("<p>None.</p>")
        } else {
            let rows = open.map { incident in
                "<tr><td>\(escape(incident.id))</td><td>\(escape(incident.title.de))</td>"
                    + "<td>\(escape(incident.phase.rawValue))</td><td>\(incident.updates.count)</td></tr>"
            }
            parts.append(
                "<table><thead><tr><th>Id</th><th>Title</th><th>Phase</th><th>Updates</th></tr></thead><tbody>"
                    + rows.joined() + "</tbody></table>")
        }
        if let restoration, !restoration.plan.steps.isEmpty {
            let progress = restoration.progress
            let counts = RecoveryPhase.allCases.map { "\($0.rawValue) \(progress.counts[$0] ?? 0)" }
            parts.append("<h2>Restoration</h2>")
            parts.append(
                "<p id=\"restoration-progress\">\(Int(progress.percentRegular.rounded())) % in regular operation · "
                    + counts.joined(separator: " · ") + "</p>")
            if !progress.nextSteps.isEmpty {
                parts.append("<p>Next: " + progress.nextSteps.map(escape).joined(separator: ", ") + "</p>")
            }
            let rows = restoration.plan.steps.map { step in
                let blockers = progress.blocked[step.id].map { $0.joined(separator: ", ") } ?? ""
                return "<tr><td>\(step.wave)</td><td>\(step.kind.rawValue)</td><td>\(escape(step.id))</td>"
                    + "<td>\(escape(blockers))</td></tr>"
            }
            parts.append(
                "<table><thead><tr><th>Wave</th><th>Kind</th><th>Id</th><th>Waiting for</th></tr></thead><tbody>"
                    + rows.joined() + "</tbody></table>")
        }
        parts.append(
            """
            <form method="post" action="/manage/logout"><input type="hidden" name="csrf_token" value="\(escape(csrf))">
            <button type="submit">Log out</button></form>
            """)
        return document(title: "Tocsin – status page updates", parts.joined(separator: "\n"))
    }
}
