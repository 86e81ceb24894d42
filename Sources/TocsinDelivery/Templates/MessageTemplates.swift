import Foundation
import Mustache
import TocsinCore

/// The message templates: the bundled set, optionally with some files replaced by the operator's own.
///
/// Each template has, for German and for English, a subject, a plain-text and an HTML part, in files named
/// `NAME.LANGUAGE.PART.mustache`. Subject and text parts are rendered without escaping, HTML parts with every value
/// HTML-escaped; the renderer sets this by part, so an override cannot get it wrong. Loading checks everything a
/// render could trip over — file names, completeness in both languages, syntax — so rendering cannot fail for a
/// loaded template.
public struct MessageTemplates: Sendable {
    /// The names of the templates, sorted.
    public let names: [String]
    private let templates: [TemplateFileName: MustacheTemplate]

    /// Loads the bundled templates, with the files in `overrides` (if given) replacing those of the same name.
    public init(overrides: URL? = nil) throws(TemplateError) {
        guard let bundled = Self.bundledDirectory else {
            throw .unreadableFolder("Resources/templates", bundled: true)
        }
        try self.init(directory: bundled, overrides: overrides)
    }

    /// Loads the templates in `directory` as the base set, with the files in `overrides` replacing those of the same
    /// name.
    ///
    /// The base set must be complete: every name in both languages with all three parts. An override folder may hold
    /// any subset of the base files, and nothing else but files whose names start with a dot (editors' and
    /// systems' litter), which are skipped.
    public init(directory: URL, overrides: URL? = nil) throws(TemplateError) {
        var sources = try Self.files(in: directory, bundled: true)
        let names = Set(sources.keys.map(\.name)).sorted()
        for name in names {
            for language in Language.allCases.sorted() {
                for part in TemplatePart.allCases {
                    let file = TemplateFileName(name: name, language: language, part: part)
                    if sources[file] == nil {
                        throw .missingFile(directory.appendingPathComponent(file.fileName).path, name: name)
                    }
                }
            }
        }
        if let overrides {
            for (file, path) in try Self.files(in: overrides, bundled: false) {
                guard sources[file] != nil else { throw .unknownTemplate(path, file.name, known: names) }
                sources[file] = path
            }
        }
        var templates: [TemplateFileName: MustacheTemplate] = [:]
        for (file, path) in sources.sorted(by: { $0.value < $1.value }) {
            templates[file] = try Self.parse(path, part: file.part)
        }
        self.names = names
        self.templates = templates
    }

    /// Renders the template `name` in `language`.
    public func render(_ name: String, language: Language, context: MessageContext) throws(TemplateError)
        -> RenderedMessage
    {
        let values = context.values(for: language)
        func part(_ part: TemplatePart) throws(TemplateError) -> String {
            guard let template = templates[TemplateFileName(name: name, language: language, part: part)] else {
                throw .noSuchTemplate(name, known: names)
            }
            return template.render(values)
        }
        return RenderedMessage(
            subject: Self.oneLine(try part(.subject)), text: Self.tidyText(try part(.text)),
            html: Self.tidyHTML(try part(.html)))
    }

    /// The folder of bundled templates inside the module's resources.
    public static var bundledDirectory: URL? { Bundle.module.url(forResource: "templates", withExtension: nil) }
}

extension MessageTemplates {
    /// The template files of a folder, by what they hold, with the path errors name.
    private static func files(in directory: URL, bundled: Bool) throws(TemplateError) -> [TemplateFileName: String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableFolder(directory.path, bundled: bundled)
        }
        var files: [TemplateFileName: String] = [:]
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            if bundled && entry == "README.md" { continue }
            let path = directory.appendingPathComponent(entry).path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw .badFileName(path)
            }
            files[try TemplateFileName(parsing: entry, path: path)] = path
        }
        return files
    }

    /// Reads and parses one file, with the content type its part needs.
    private static func parse(_ path: String, part: TemplatePart) throws(TemplateError) -> MustacheTemplate {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw .unreadableFile(path) }
        if text.contains("{{%") { throw .contentTypePragma(path) }
        if text.contains("{{>") || text.contains("{{<") { throw .partial(path) }
        // The pragma stands on a line of its own, which Mustache drops, so the file's own line 1 is line 2 here.
        let pragma = part == .html ? "{{% CONTENT_TYPE: HTML}}\n" : "{{% CONTENT_TYPE: TEXT}}\n"
        do {
            return try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            // At the end of the file the parser stands past the last line; name the last line, without a column.
            let lines =
                text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
            let line = error.context.lineNumber - 1
            if line > lines {
                throw .syntax(path, line: max(lines, 1), column: 0, describe(error.error))
            }
            throw .syntax(path, line: max(line, 1), column: error.context.columnNumber, describe(error.error))
        } catch {
            throw .syntax(path, line: 0, column: 0, describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        // The parser's only other error is running out of text while it reads a tag.
        guard let error = error as? MustacheTemplate.Error else { return "the file ends inside a tag" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name other than the one it was opened with"
        case .unfinishedName: return "a tag is not closed with '}}', or its name holds a character names cannot have"
        case .expectedSectionEnd: return "a section is opened and never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "template inheritance is not available in message templates"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a pragma tag is malformed or unknown"
        }
    }

    /// Joins the lines of a rendered subject with single spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Drops trailing spaces, keeps at most one blank line in a row, and ends with exactly one newline.
    static func tidyText(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            let kept = line.prefix(trimmed.count)
            if kept.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(kept)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Trims white space around the document and ends it with one newline.
    static func tidyHTML(_ html: String) -> String {
        html.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }
}
