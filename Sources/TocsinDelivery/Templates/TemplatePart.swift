import TocsinCore

/// One of the three parts every message template has in each language.
public enum TemplatePart: String, Sendable, CaseIterable, Hashable {
    /// The subject line; rendered without escaping, then collapsed to one trimmed line.
    case subject
    /// The plain-text body; rendered without escaping.
    case text
    /// The HTML body; every value is HTML-escaped.
    case html
}

/// Where one template part lives: `NAME.LANGUAGE.PART.mustache`.
struct TemplateFileName: Hashable, Sendable {
    static let suffix = ".mustache"

    var name: String
    var language: Language
    var part: TemplatePart

    var fileName: String { "\(name).\(language.rawValue).\(part.rawValue)\(Self.suffix)" }

    /// Reads a file name; `path` is what errors name.
    init(parsing fileName: String, path: String) throws(TemplateError) {
        guard fileName.hasSuffix(Self.suffix) else { throw .badFileName(path) }
        let pieces = fileName.dropLast(Self.suffix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 3, let first = pieces.first, Self.isName(first) else { throw .badFileName(path) }
        guard let language = Language(rawValue: String(pieces[1])) else {
            throw .unknownLanguage(path, String(pieces[1]))
        }
        guard let part = TemplatePart(rawValue: String(pieces[2])) else { throw .unknownPart(path, String(pieces[2])) }
        self.init(name: String(first), language: language, part: part)
    }

    init(name: String, language: Language, part: TemplatePart) {
        self.name = name
        self.language = language
        self.part = part
    }

    /// Lower-case letters, digits and underscores, starting with a letter.
    private static func isName(_ text: Substring) -> Bool {
        guard let head = text.unicodeScalars.first, ("a"..."z").contains(head) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
