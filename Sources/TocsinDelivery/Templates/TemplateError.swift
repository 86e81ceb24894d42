import TocsinCore

/// A message template that cannot be loaded or rendered, naming the file and, for a syntax error, line and column.
///
/// Codes T760–T779 belong to templates. Loading stops at the first problem: a set of templates is used whole or not
/// at all, since a page or a notice to an authority must never go out half-templated.
public struct TemplateError: TocsinError, Equatable {
    public var code: String
    /// What went wrong, beginning with the file (and line and column when known).
    public var message: String
    public var hint: String?
    /// The file the problem is in, when there is one.
    public var file: String?

    /// Creates an error.
    public init(code: String, _ message: String, hint: String? = nil, file: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
    }
}

extension TemplateError {
    static let layout = "NAME.LANGUAGE.PART.mustache, e.g. page.de.text.mustache"

    /// T760: a folder of templates that cannot be listed.
    static func unreadableFolder(_ path: String, bundled: Bool) -> TemplateError {
        TemplateError(
            code: "T760", "\(path): cannot read the folder of \(bundled ? "bundled" : "override") templates",
            hint: bundled
                ? "the build lost Resources/templates; rebuild Tocsin"
                : "check the path and that Tocsin may read the folder; leave the setting out to use the bundled templates",
            file: path)
    }

    /// T761: a file whose name does not follow the layout.
    static func badFileName(_ path: String) -> TemplateError {
        TemplateError(
            code: "T761", "\(path): not a template file name",
            hint: "name template files \(layout); other files do not belong in the folder", file: path)
    }

    /// T762: a language Tocsin does not write in.
    static func unknownLanguage(_ path: String, _ language: String) -> TemplateError {
        let known = Language.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return TemplateError(
            code: "T762", "\(path): unknown language '\(language)'", hint: "use one of \(known)", file: path)
    }

    /// T763: a part other than subject, text and html.
    static func unknownPart(_ path: String, _ part: String) -> TemplateError {
        let known = TemplatePart.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return TemplateError(code: "T763", "\(path): unknown part '\(part)'", hint: "use one of \(known)", file: path)
    }

    /// T764: an override for a template Tocsin does not have.
    static func unknownTemplate(_ path: String, _ name: String, known: [String]) -> TemplateError {
        var hint =
            "an override replaces a bundled template of the same name; the templates are \(known.joined(separator: ", "))"
        if let near = closest(to: name, in: known) { hint = "did you mean '\(near)'? " + hint }
        return TemplateError(code: "T764", "\(path): no bundled template is named '\(name)'", hint: hint, file: path)
    }

    /// T765: a template that lacks a language or a part.
    static func missingFile(_ path: String, name: String) -> TemplateError {
        TemplateError(
            code: "T765",
            "\(path): missing; template '\(name)' needs a subject, a text and an html part in German and English",
            hint: "every template has six files, \(name).{de,en}.{subject,text,html}.mustache", file: path)
    }

    /// T766: a template that does not parse.
    static func syntax(_ path: String, line: Int, column: Int, _ problem: String) -> TemplateError {
        TemplateError(
            code: "T766", "\(SourceLocation(file: path, line: line, column: column)): \(problem)",
            hint: "see the Mustache syntax in the README of the templates folder", file: path)
    }

    /// T767: a file that cannot be read as UTF-8 text.
    static func unreadableFile(_ path: String) -> TemplateError {
        TemplateError(code: "T767", "\(path): cannot read the file as UTF-8 text", file: path)
    }

    /// T768: a template that sets its own content type.
    static func contentTypePragma(_ path: String) -> TemplateError {
        TemplateError(
            code: "T768", "\(path): a template must not set CONTENT_TYPE",
            hint:
                "Tocsin escapes HTML in html parts and nothing in subject and text parts; remove the {{% CONTENT_TYPE }} tag",
            file: path)
    }

    /// T769: a template that uses partials, which messages do not have.
    static func partial(_ path: String) -> TemplateError {
        TemplateError(
            code: "T769", "\(path): a template must not include partials ({{> name}})",
            hint: "each message template stands alone; write the text out in the file", file: path)
    }

    /// T770: rendering a template that was not loaded.
    static func noSuchTemplate(_ name: String, known: [String]) -> TemplateError {
        var hint = "the templates are \(known.joined(separator: ", "))"
        if let near = closest(to: name, in: known) { hint = "did you mean '\(near)'? " + hint }
        return TemplateError(code: "T770", "no message template is named '\(name)'", hint: hint)
    }

    private static func closest(to name: String, in known: [String]) -> String? {
        known.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
    }
}
