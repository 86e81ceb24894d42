/// Collects reply lines into ``SMTPReply`` values: `250-first`, `250-second`, `250 last` is one reply.
///
/// Pure and synchronous, so the grammar is tested without a channel; ``SMTPReplyDecoder`` feeds it lines.
struct SMTPReplyParser {
    /// A line that is not an SMTP reply line.
    struct Malformed: Error, Equatable {
        var line: String
        var reason: String
    }

    static let maxLinesPerReply = 200

    private var code: Int?
    private var lines: [String] = []

    /// Whether a multi-line reply has begun and not ended.
    var isInsideReply: Bool { code != nil }

    /// Takes one line without its line break; returns the reply it completes, if any.
    mutating func parse(line: String) throws(Malformed) -> SMTPReply? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, let lineCode = Int(String(String.UnicodeScalarView(scalars[0..<3]))),
            (200...599).contains(lineCode)
        else { throw Malformed(line: line, reason: "it does not start with a reply code from 200 to 599") }
        let separator: Unicode.Scalar? = scalars.count > 3 ? scalars[3] : nil
        guard separator == nil || separator == " " || separator == "-" else {
            throw Malformed(line: line, reason: "the code is not followed by a space or '-'")
        }
        if let code, code != lineCode {
            throw Malformed(line: line, reason: "a continued reply changed its code from \(code) to \(lineCode)")
        }
        code = lineCode
        lines.append(scalars.count > 4 ? String(String.UnicodeScalarView(scalars[4...])) : "")
        if separator == "-" {
            guard lines.count < Self.maxLinesPerReply else {
                throw Malformed(line: line, reason: "the reply has more than \(Self.maxLinesPerReply) lines")
            }
            return nil
        }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
