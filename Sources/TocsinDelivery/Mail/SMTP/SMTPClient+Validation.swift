extension SMTPClient {
    /// Refuses a configuration that cannot work, or whose fields would end up in a command line unchecked.
    static func validate(_ configuration: SMTPConfiguration) throws {
        let host = configuration.host
        if host.isEmpty || host.utf8.count > 253 || host.unicodeScalars.contains(where: { !isHostCharacter($0) }) {
            throw SMTPFailure.invalidConfiguration("host \(MailFailure.quoted(host)) is not a host name or IP address")
        }
        if !(1...65535).contains(configuration.port) {
            throw SMTPFailure.invalidConfiguration("port \(configuration.port) is not between 1 and 65535")
        }
        let helo = configuration.heloName
        if helo.isEmpty || helo.utf8.count > 253
            || helo.unicodeScalars.contains(where: { !isHostCharacter($0) && $0 != "[" && $0 != "]" })
        {
            throw SMTPFailure.invalidConfiguration("HELO name \(MailFailure.quoted(helo)) is not a host name")
        }
        if configuration.connectTimeout <= .zero || configuration.commandTimeout <= .zero {
            throw SMTPFailure.invalidConfiguration("the timeouts must be longer than zero")
        }
        if let credentials = configuration.credentials {
            let user = credentials.username
            if user.isEmpty || user.unicodeScalars.contains(where: MailText.isControl) {
                throw SMTPFailure.invalidConfiguration(
                    "user name \(MailFailure.quoted(user)) is empty or contains control characters")
            }
            if credentials.password.revealed.unicodeScalars.contains(where: MailText.isControl) {
                throw SMTPFailure.invalidConfiguration("the password contains control characters")
            }
        }
    }

    /// Letters, digits, `.`, `-` and `:` (for IPv6).
    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", ":": return true
        default: return false
        }
    }
}
