/// The message data as DATA sends it (RFC 5321 4.5.2): every line that starts with `.` gets a second `.`, and
/// the data ends with CRLF `.` CRLF.
enum SMTPDotStuffing {
    /// Stuffs `message`, whose lines end in CRLF (as ``MailMIMEWriter`` writes them), and appends the terminator.
    static func stuff(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 16)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !atLineStart { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}
