/// The file outbox's error code, T735.
enum FileOutboxFailure {
    static func cannotWrite(_ path: String, _ reason: String) -> DeliveryError {
        DeliveryError(
            .transient, code: "T735", "cannot write the outbox file \(path): \(reason)",
            hint: "check that the folder exists, is writable and that the disk has room")
    }
}
