/// The mail half's error codes, T700–T739, as ``DeliveryError`` values.
///
/// Codes: T700–T709 a message that cannot be written (validated before any connection), T710–T729 SMTP,
/// T730–T734 sendmail, T735–T739 the file outbox. Messages quote bad input through ``quoted(_:)`` so that a
/// CR, LF or NUL shows as an escape, never as a line break in a log.
enum MailFailure {
    static func invalidAddress(_ value: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T700", "invalid e-mail address \(quoted(value)): \(reason)",
            hint: "write a plain address such as alerts@example.com; put the name in the display name")
    }

    static func invalidDisplayName(_ value: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T701", "invalid display name \(quoted(value)): \(reason)",
            hint: "a display name is one line of text without control characters")
    }

    static func invalidHeaderName(_ value: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T702", "invalid header name \(quoted(value)): \(reason)",
            hint: "use letters, digits and '-', e.g. X-Tocsin-Incident")
    }

    static func invalidHeaderValue(_ header: String, _ value: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T703", "invalid \(header) \(quoted(value)): \(reason)",
            hint: "a header value is one line of text without control characters (CR and LF would start a new header)")
    }

    static func invalidMessageID(_ value: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T704", "invalid Message-ID \(quoted(value)): \(reason)",
            hint: "a Message-ID looks like an address without spaces: 3f2c9a@tocsin.example")
    }

    static func noRecipients() -> DeliveryError {
        DeliveryError(.permanent, code: "T705", "the message has no recipients", hint: "give at least one To address")
    }

    static func reservedHeader(_ name: String) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T706", "the header \(quoted(name)) cannot be set as an extra header",
            hint: "From, To, Subject, Date, Message-ID and the MIME headers come from the message's own fields")
    }

    /// Quotes `value` for an error message: control characters escaped, at most 80 characters.
    static func quoted(_ value: String) -> String {
        var out = "'"
        for (index, scalar) in value.unicodeScalars.enumerated() {
            if index == 80 {
                out += "…"
                break
            }
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            default:
                if MailText.isControl(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }
}
