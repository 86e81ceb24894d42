import Foundation
import TocsinCore

/// The small pages around the public page (a subscription requested, confirmed, ended; a link that does not
/// work), in the reader's language; no scripts, no external resources.
enum StatusNoticePage {
    /// A button that posts to `action`, for links that must not act on a GET (mail scanners follow links).
    struct Button {
        var action: String
        var label: String
    }

    static func render(
        language: Language, heading: String, paragraphs: [String], button: Button? = nil, back: String = "/status"
    ) -> String {
        let escape = HTMLEscaping.escape
        var body = paragraphs.map { "<p>\(escape($0))</p>" }.joined(separator: "\n")
        if let button {
            body += "\n<form method=\"post\" action=\"\(escape(button.action))\">"
                + "<button type=\"submit\">\(escape(button.label))</button></form>"
        }
        let backText = language == .de ? "Zur Statusseite" : "Back to the status page"
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(heading))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;\
            color:#1a1a1a;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}a{color:#0b4f8a}</style>
            </head><body><main>
            <h1>\(escape(heading))</h1>
            \(body)
            <p><a href="\(escape(back))?lang=\(language.rawValue)">\(backText)</a></p>
            </main></body></html>
            """
    }
}
