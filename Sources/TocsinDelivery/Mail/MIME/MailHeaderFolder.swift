import Foundation

/// Builds one header field, folding it into lines of at most 78 characters (RFC 5322 2.1.1) and writing text that
/// is not plain ASCII as RFC 2047 encoded-words (`=?UTF-8?B?…?=`, each at most 75 characters).
///
/// A field is a sequence of tokens separated by single spaces; a fold replaces one of those spaces with CRLF SP,
/// so unfolding gives the text back exactly. A token is never split, which is why only an address or a
/// Message-ID (up to 254 characters, unfoldable by nature) can make a line longer than 78.
struct MailHeaderFolder {
    static let lineLimit = 78
    /// RFC 2047: an encoded-word is at most 75 characters long.
    static let encodedWordLimit = 75
    private static let encodedWordOverhead = "=?UTF-8?B?".count + "?=".count

    private var lines: [String]
    private var lineHasToken = false

    /// Starts a field named `name`.
    init(name: String) {
        lines = [name + ":"]
    }

    /// The folded field, each line ending in CRLF.
    var rendered: String { lines.joined(separator: "\r\n") + "\r\n" }

    /// Appends `token` after a space, on a new line when it would not fit on the current one.
    mutating func append(token: String) {
        if lineHasToken && !token.isEmpty && currentLength + 1 + token.utf8.count > Self.lineLimit {
            lines.append("")
        }
        lines[lines.count - 1] += " " + token
        lineHasToken = true
    }

    /// Appends unstructured text (a subject, a header value): word by word if it is short-worded ASCII,
    /// otherwise as encoded-words.
    mutating func append(text: String) {
        if Self.needsEncoding(text) {
            append(encodedWords: text)
        } else {
            for word in text.split(separator: " ", omittingEmptySubsequences: false) { append(token: String(word)) }
        }
    }

    /// Appends a display name: as atoms, as a quoted string, or as encoded-words when it is not ASCII.
    mutating func append(phrase: String) {
        guard let plain = Self.plainPhrase(phrase), plain.utf8.count <= Self.lineLimit - 2 else {
            append(encodedWords: phrase)
            return
        }
        append(token: plain)
    }

    /// A phrase written without encoding: the atoms themselves, or a quoted string; nil when it needs encoding.
    static func plainPhrase(_ phrase: String) -> String? {
        if needsEncoding(phrase) { return nil }
        if isAtomSequence(phrase) { return phrase }
        var quoted = "\""
        for character in phrase {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// Appends `text` as base64 encoded-words, splitting only between Unicode scalars so that every word decodes
    /// to whole characters, and sizing each word to the room left on its line.
    mutating func append(encodedWords text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        while !scalars.isEmpty {
            var room = Self.lineLimit - currentLength - 1
            if room < 20 {
                lines.append("")
                lineHasToken = false
                room = Self.lineLimit - 1
            }
            let maxBytes = (min(room, Self.encodedWordLimit) - Self.encodedWordOverhead) / 4 * 3
            var chunk: [UInt8] = []
            while let scalar = scalars.first {
                let bytes = Array(String(scalar).utf8)
                if chunk.count + bytes.count > maxBytes { break }
                chunk += bytes
                scalars.removeFirst()
            }
            append(token: "=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
        }
    }

    private var currentLength: Int { lines[lines.count - 1].utf8.count }

    /// Non-ASCII text, text that a reader would take for an encoded-word, and words too long to fold.
    static func needsEncoding(_ text: String) -> Bool {
        if text.unicodeScalars.contains(where: { !$0.isASCII }) || text.contains("=?") { return true }
        return text.split(separator: " ").contains { $0.utf8.count > 70 }
    }

    /// Words of `atext` separated by single spaces: a phrase that needs no quoting.
    private static func isAtomSequence(_ text: String) -> Bool {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return words.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(MailText.isAtext) }
    }
}
