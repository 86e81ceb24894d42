import TocsinCore
import TocsinResponse

extension StatusPageHTML {
    static func maintenance(_ context: Context) -> String {
        let current = context.snapshot.currentMaintenances
        let body =
            current.isEmpty
            ? "<p>\(context.phrase(StatusPageStrings.noMaintenance))</p>"
            : current.map { maintenance(context, $0, heading: "h3") }.joined(separator: "\n")
        return [
            "<section aria-labelledby=\"maintenance-heading\">",
            "<h2 id=\"maintenance-heading\">\(context.phrase(StatusPageStrings.maintenance))</h2>",
            body,
            "</section>",
        ].joined(separator: "\n")
    }

    static func maintenance(_ context: Context, _ maintenance: ScheduledMaintenance, heading: String) -> String {
        let anchor = context.anchor("maintenance", maintenance.id)
        let phase = maintenance.phase(at: context.snapshot.generatedAt)
        var lines = [
            "<article class=\"maintenance phase-\(phase.rawValue)\" id=\"\(anchor)\" "
                + "aria-labelledby=\"\(anchor)-title\">",
            "<\(heading) id=\"\(anchor)-title\">\(context.text(maintenance.title))</\(heading)>",
            "<p class=\"meta\">\(context.phrase(StatusPageStrings.status)): "
                + "<strong>\(context.phrase(phase.label))</strong></p>",
            "<p class=\"window\">\(context.phrase(StatusPageStrings.window)): "
                + "\(context.time(maintenance.scheduledFor)) \(context.phrase(StatusPageStrings.until)) "
                + "\(context.time(maintenance.scheduledUntil))</p>",
        ]
        if !maintenance.components.isEmpty {
            lines.append(
                "<p class=\"affected\">\(context.phrase(StatusPageStrings.affected)): "
                    + maintenance.components.map(context.componentName).joined(separator: ", ") + "</p>")
        }
        lines.append(context.paragraphs(maintenance.body))
        for update in maintenance.updatesNewestFirst {
            lines += [
                "<div class=\"update\">",
                "<p class=\"meta\"><strong>\(context.phrase(update.phase.label))</strong> · "
                    + "\(context.time(update.at))</p>",
                context.paragraphs(update.body), "</div>",
            ]
        }
        lines.append("</article>")
        return lines.joined(separator: "\n")
    }

    static func history(_ context: Context) -> String {
        let days = context.settings.historyDays
        let items = context.snapshot.history(days: days)
        let body =
            items.isEmpty
            ? "<p>\(context.phrase(StatusPageStrings.noHistory))</p>"
            : items.map { historyItem(context, $0) }.joined(separator: "\n")
        return [
            "<section aria-labelledby=\"history-heading\">",
            "<h2 id=\"history-heading\">\(context.phrase(StatusPageStrings.history(days: days)))</h2>",
            body,
            "</section>",
        ].joined(separator: "\n")
    }

    private static func historyItem(_ context: Context, _ item: StatusHistoryItem) -> String {
        switch item {
        case .maintenance(let maintenance, _):
            return self.maintenance(context, maintenance, heading: "h3")
        case .incident(let incident):
            let anchor = context.anchor("incident", incident.id)
            return [
                "<article class=\"incident resolved\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-title\">",
                "<h3 id=\"\(anchor)-title\">\(context.text(incident.title))</h3>",
                "<p class=\"meta\">\(context.phrase(StatusPageStrings.resolved)): \(context.time(item.endedAt)) · "
                    + "\(context.phrase(StatusPageStrings.impact)): "
                    + "\(context.phrase(StatusPageStrings.impact(incident.impact)))</p>",
                "<details>",
                "<summary>\(context.phrase(StatusPageStrings.allUpdates))</summary>",
                incident.updatesNewestFirst.map { update(context, $0, of: incident) }.joined(separator: "\n"),
                "</details>",
                "</article>",
            ].joined(separator: "\n")
        }
    }
}
