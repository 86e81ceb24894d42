/// What a new password must be; the same rules for every way a password is set.
public enum PasswordPolicy {
    /// The shortest password accepted, in characters.
    public static let minimumLength = 12
    /// bcrypt reads only the first 72 bytes; a longer password would be cut without anyone noticing.
    public static let maximumBytes = 72

    /// The problem with `password`, said so that a person can fix it; `nil` when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength {
            return "the password must have at least \(minimumLength) characters (it has \(password.count))"
        }
        if password.utf8.count > maximumBytes {
            return "the password must have at most \(maximumBytes) bytes (bcrypt ignores the rest); it has "
                + "\(password.utf8.count)"
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the password must not contain control characters"
        }
        return nil
    }
}
