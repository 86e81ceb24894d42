import TocsinCore
import TocsinResponse

extension StatusPageHTML {
    static func incidents(_ context: Context) -> String {
        let active = context.snapshot.activeIncidents
        let body =
            active.isEmpty
            ? "<p>\(context.phrase(StatusPageStrings.noIncidents))</p>"
            : active.map { incident(context, $0) }.joined(separator: "\n")
        return [
            "<section aria-labelledby=\"incidents-heading\">",
            "<h2 id=\"incidents-heading\">\(context.phrase(StatusPageStrings.currentIncidents))</h2>",
            body,
            "</section>",
        ].joined(separator: "\n")
    }

    private static func incident(_ context: Context, _ incident: StatusIncident) -> String {
        let anchor = context.anchor("incident", incident.id)
        return [
            "<article class=\"incident impact-\(incident.impact.rawValue)\" id=\"\(anchor)\" "
                + "aria-labelledby=\"\(anchor)-title\">",
            "<h3 id=\"\(anchor)-title\">\(context.text(incident.title))</h3>",
            "<p class=\"meta\">\(context.phrase(StatusPageStrings.status)): "
                + "<strong>\(context.phrase(incident.phase.label))</strong> · "
                + "\(context.phrase(StatusPageStrings.impact)): "
                + "\(context.phrase(StatusPageStrings.impact(incident.impact)))</p>",
            incident.updatesNewestFirst.map { update(context, $0, of: incident) }.joined(separator: "\n"),
            "</article>",
        ].joined(separator: "\n")
    }

    /// One update: heading with phase and version, time, body, affected components, numbered customer actions and
    /// the promised time of the next update.
    static func update(_ context: Context, _ update: StatusUpdate, of incident: StatusIncident) -> String {
        let anchor = context.anchor("incident", incident.id) + "-" + context.anchor("update", update.id)
        var lines = [
            "<section class=\"update phase-\(update.phase.rawValue)\" id=\"\(anchor)\" "
                + "aria-labelledby=\"\(anchor)-title\">",
            "<h4 id=\"\(anchor)-title\">\(context.phrase(update.phase.label)) · "
                + "\(context.phrase(StatusPageStrings.version)) \(update.version)</h4>",
            "<p class=\"meta\">\(context.phrase(StatusPageStrings.published)): \(context.time(update.at))</p>",
            context.paragraphs(update.body),
        ]
        if !update.affectedComponents.isEmpty {
            let items = update.affectedComponents.map { impact in
                "<li>\(context.componentName(impact.componentID)): "
                    + "<span class=\"state state-\(impact.displayedState.rawValue)\">"
                    + "\(context.phrase(impact.displayedState.label))</span></li>"
            }
            lines += [
                "<h5>\(context.phrase(StatusPageStrings.affected))</h5>",
                "<ul class=\"affected\">", items.joined(separator: "\n"), "</ul>",
            ]
        }
        if !update.customerActions.isEmpty {
            lines += [
                "<h5>\(context.phrase(StatusPageStrings.customerActions))</h5>",
                "<ol class=\"actions\">", update.customerActions.map { "<li>\(context.text($0))</li>" }.joined(
                    separator: "\n"), "</ol>",
            ]
        }
        if let next = update.nextUpdateAt {
            lines.append("<p class=\"next\">\(context.phrase(StatusPageStrings.nextUpdate)): \(context.time(next))</p>")
        }
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }
}
