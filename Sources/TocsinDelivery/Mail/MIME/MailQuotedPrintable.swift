/// Quoted-printable body encoding (RFC 2045 6.7) of UTF-8 text, with CRLF line breaks.
///
/// Line breaks in the text (LF, CRLF or a lone CR) become CRLF; every other control character, `=` and every
/// non-ASCII byte becomes `=XX`; a space or tab at the end of a line is encoded so that no transport can strip
/// it; lines are broken with soft line breaks (`=` CRLF) to at most 76 characters. A line starting "From " has
/// its `F` encoded, so an mbox on the way cannot turn it into ">From ". Dots stay literal: SMTP's dot-stuffing
/// takes care of them. The output never contains `=_`, which is why the MIME boundary starts with it.
enum MailQuotedPrintable {
    private static let maxLineLength = 76
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Encodes `text`; the result ends in CRLF exactly when the text ends in a line break.
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let lines = splitLines(Array(text.utf8))
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [13, 10] }
            encode(line: line, into: &out)
        }
        return out
    }

    private static func encode(line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var length = 0
        let startsWithFrom = line.starts(with: Array("From ".utf8))
        for (offset, byte) in line.enumerated() {
            let isLast = offset == line.count - 1
            let literal: Bool
            switch byte {
            case 0x20, 0x09: literal = !isLast
            case 0x3D: literal = false
            case 0x46 where offset == 0 && startsWithFrom: literal = false
            case 33...126: literal = true
            default: literal = false
            }
            let width = literal ? 1 : 3
            if length + width > maxLineLength - 1 {
                out += [0x3D, 13, 10]
                length = 0
            }
            if literal {
                out.append(byte)
            } else {
                out += [0x3D, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            length += width
        }
    }

    /// Splits at LF, CRLF and lone CR; a trailing line break yields an empty last line.
    private static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 10:
                lines.append(bytes[start..<index])
                start = index + 1
            case 13:
                lines.append(bytes[start..<index])
                if index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1 }
                start = index + 1
            default:
                break
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }
}
