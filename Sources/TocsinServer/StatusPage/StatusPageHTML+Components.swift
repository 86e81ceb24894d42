import TocsinCore
import TocsinResponse

extension StatusPageHTML {
    static func components(_ context: Context) -> String {
        let groups = context.snapshot.componentGroups
        guard !groups.isEmpty else { return "" }
        let named = groups.contains { $0.name != nil }
        let rendered = groups.map { group -> String in
            let list = "<ul class=\"components\">\n"
                + group.components.map { component(context, $0) }.joined(separator: "\n") + "\n</ul>"
            guard named else { return list }
            let name = group.name.map(context.text) ?? context.phrase(StatusPageStrings.otherServices)
            return "<h3>\(name)</h3>\n" + list
        }
        return [
            "<section aria-labelledby=\"components-heading\">",
            "<h2 id=\"components-heading\">\(context.phrase(StatusPageStrings.services))</h2>",
            rendered.joined(separator: "\n"),
            "</section>",
        ].joined(separator: "\n")
    }

    private static func component(_ context: Context, _ component: StatusComponent) -> String {
        let state = component.displayedState
        var lines = [
            "<li class=\"component\" id=\"\(context.anchor("component", component.id))\">",
            "<span class=\"name\">\(context.text(component.name))</span>",
            "<span class=\"state state-\(state.rawValue)\">\(context.phrase(state.label))</span>",
        ]
        if let description = component.description {
            lines.append("<p class=\"description\">\(context.text(description))</p>")
        }
        if let note = component.fallbackNote, component.status != .operational {
            let label = context.phrase(StatusPageStrings.note)
            lines.append("<p class=\"note\"><strong>\(label):</strong> \(context.text(note))</p>")
        }
        lines.append("</li>")
        return lines.joined(separator: "\n")
    }
}
