/// Escaping of untrusted text for HTML and XML: every text on the status page and in its feed goes through here.
public enum HTMLEscaping {
    /// `text` safe inside an element or a quoted attribute: `& < > " '` become character references, and control
    /// characters other than tab, line feed and carriage return (not allowed in XML 1.0) are dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value):
                continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Plain `text` as HTML paragraphs: blank lines separate paragraphs, single line breaks become `<br>`, and
    /// nothing in the text is taken as markup.
    public static func paragraphs(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var blocks: [[Substring]] = [[]]
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !(blocks.last?.isEmpty ?? true) { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        return blocks.filter { !$0.isEmpty }
            .map { "<p>" + $0.map { escape(String($0)) }.joined(separator: "<br>\n") + "</p>" }
            .joined(separator: "\n")
    }
}
