/// Writes a ``MailMessage`` as an RFC 5322 message with MIME (RFC 2045–2047): the bytes an SMTP server, sendmail
/// or an `.eml` file receives.
///
/// Lines end in CRLF. Headers come in a fixed order (Date, From, To, Subject, Message-ID, MIME-Version, the extra
/// headers, then the content headers), folded to 78 characters, with non-ASCII text as encoded-words. Bodies are
/// UTF-8 in quoted-printable; with an HTML body the message is `multipart/alternative`, text first. The output
/// depends on the message alone, so writing the same message twice gives the same bytes.
public struct MailMIMEWriter: Sendable {
    /// The boundary between the parts. It starts with `=_`, which quoted-printable output never contains, so it
    /// cannot occur inside a part and needs no randomness.
    static let boundary = "=_tocsin_alternative"

    /// Creates a writer.
    public init() {}

    /// The message's bytes, ending in CRLF.
    public func render(_ message: MailMessage) -> [UInt8] {
        var head = ""
        head += field("Date") { $0.append(token: MailDate.format(message.date)) }
        head += field("From") { $0.append(addresses: [message.from]) }
        head += field("To") { $0.append(addresses: message.to) }
        head += field("Subject") { $0.append(text: message.subject) }
        head += field("Message-ID") { $0.append(token: "<\(message.messageID)>") }
        head += "MIME-Version: 1.0\r\n"
        for header in message.headers {
            head += field(header.name) { $0.append(text: header.value) }
        }
        var bytes: [UInt8]
        if let html = message.htmlBody {
            head += "Content-Type: multipart/alternative; boundary=\"\(Self.boundary)\"\r\n\r\n"
            bytes = Array(head.utf8)
            bytes += part(contentType: "text/plain", body: message.textBody)
            bytes += [13, 10] + part(contentType: "text/html", body: html)
            bytes += Array("\r\n--\(Self.boundary)--\r\n".utf8)
        } else {
            head += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            bytes = Array(head.utf8) + MailQuotedPrintable.encode(message.textBody)
            if !bytes.ends(with: [13, 10]) { bytes += [13, 10] }
        }
        return bytes
    }

    private func field(_ name: String, _ build: (inout MailHeaderFolder) -> Void) -> String {
        var folder = MailHeaderFolder(name: name)
        build(&folder)
        return folder.rendered
    }

    /// One body part with its delimiter line. The CRLF after the body belongs to the next delimiter (RFC 2046
    /// 5.1.1), so the caller writes it.
    private func part(contentType: String, body: String) -> [UInt8] {
        let head =
            "--\(Self.boundary)\r\nContent-Type: \(contentType); charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        return Array(head.utf8) + MailQuotedPrintable.encode(body)
    }
}

extension MailHeaderFolder {
    /// Appends an address list: `Name <a@b>, c@d`.
    mutating func append(addresses: [MailAddress]) {
        for (index, address) in addresses.enumerated() {
            let separator = index < addresses.count - 1 ? "," : ""
            if let name = address.displayName {
                // `Name <address>,` stays on one line when it fits; a longer one may fold after the name.
                let whole = MailHeaderFolder.plainPhrase(name).map { "\($0) <\(address.address)>" + separator }
                if let whole, whole.utf8.count <= MailHeaderFolder.lineLimit - 1 {
                    append(token: whole)
                } else {
                    append(phrase: name)
                    append(token: "<\(address.address)>" + separator)
                }
            } else {
                append(token: address.address + separator)
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
