import TocsinCore

/// Escaping for the text formats Tocsin writes.
enum TextEscaping {
    /// `text` as a JSON string literal, quotes included.
    static func json(_ text: String) -> String { JSONString.quoted(text) }

    /// `text` as a CSV field, quoted when it holds a comma, quote or line break.
    static func csv(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
