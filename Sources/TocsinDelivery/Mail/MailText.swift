/// Character classes shared by the mail types' validation and the MIME writer.
enum MailText {
    /// C0 controls, DEL and C1 controls: CR and LF among them, which would end a header line.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// RFC 5322 `atext`: what a dot-atom (a local part, a Message-ID half) is made of.
    static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~": return true
        default: return false
        }
    }

    /// The first control character in `text`, if any.
    static func firstControl(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    /// Why `text` is not a dot-atom (atext runs separated by single dots), or nil when it is one.
    static func dotAtomProblem(_ text: Substring) -> String? {
        if text.isEmpty { return "it is empty" }
        if text.first == "." || text.last == "." { return "it starts or ends with '.'" }
        if text.contains("..") { return "it contains '..'" }
        if let bad = text.unicodeScalars.first(where: { !isAtext($0) && $0 != "." }) {
            return "\(describe(bad)) is not allowed"
        }
        return nil
    }

    /// Names a character for an error message: `'<'`, `CR`, `U+00E4 'ä'`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": return "CR"
        case "\n": return "LF"
        case "\0": return "NUL"
        case " ": return "a space"
        default:
            if isControl(scalar) { return "the control character U+\(hex4(scalar.value))" }
            if scalar.isASCII { return "'\(scalar)'" }
            return "U+\(hex4(scalar.value)) '\(scalar)'"
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
