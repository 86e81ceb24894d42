import Foundation
import Hummingbird
import NIOCore

/// The small bilingual page behind an acknowledgement link (German first, as everything people outside read); no
/// scripts, no external resources.
enum AcknowledgementPage {
    enum Kind {
        case confirm(title: String, severity: String, token: String)
        case acknowledged(title: String)
        case expired
        case invalid
        case unavailable
    }

    static func response(_ kind: Kind) -> Response {
        let (status, heading, body): (HTTPResponse.Status, String, String)
        switch kind {
        case .confirm(let title, let severity, let token):
            status = .ok
            heading = "Vorfall bestätigen · Acknowledge incident"
            body = """
                <p><strong>\(escape(title))</strong> (\(escape(severity)))</p>
                <p lang="de">Mit der Bestätigung übernehmen Sie den Vorfall; die Eskalation an weitere Stufen endet.</p>
                <p lang="en">By acknowledging you take the incident; escalation to further tiers stops.</p>
                <form method="post" action="/ack/\(escape(token))">
                <button type="submit">Bestätigen · Acknowledge</button>
                </form>
                """
        case .acknowledged(let title):
            status = .ok
            heading = "Bestätigt · Acknowledged"
            body = """
                <p><strong>\(escape(title))</strong></p>
                <p lang="de">Der Vorfall ist bestätigt; weitere Stufen werden nicht alarmiert.</p>
                <p lang="en">The incident is acknowledged; further tiers will not be paged.</p>
                """
        case .expired:
            status = .gone
            heading = "Link abgelaufen · Link expired"
            body = """
                <p lang="de">Dieser Bestätigungslink ist abgelaufen. Bitte bestätigen Sie den Vorfall in Tocsin.</p>
                <p lang="en">This acknowledgement link has expired. Please acknowledge the incident in Tocsin.</p>
                """
        case .invalid:
            status = .forbidden
            heading = "Ungültiger Link · Invalid link"
            body = """
                <p lang="de">Dieser Link ist ungültig.</p>
                <p lang="en">This link is not valid.</p>
                """
        case .unavailable:
            status = .notFound
            heading = "Nicht verfügbar · Not available"
            body = "<p>Die Alarmkette ist nicht eingerichtet. · The alarm chain is not configured.</p>"
        }
        let html = """
            <!DOCTYPE html>
            <html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(heading)</title></head>
            <body><main><h1>\(heading)</h1>
            \(body)
            </main></body></html>
            """
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
