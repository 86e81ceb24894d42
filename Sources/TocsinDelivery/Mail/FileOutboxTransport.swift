import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// "Sends" each message by writing it as `<message id>.eml` into a folder: a dry run, a hand-off to another
/// program, or a record of what would have gone out.
///
/// A file appears whole or not at all: the bytes go to a temporary file in the same folder, are synced, and are
/// then linked to the final name, which fails rather than replaces when that name exists. A message whose file is
/// already there counts as delivered (the Message-ID comes from an idempotency key, so it is the same message).
public struct FileOutboxTransport: MailTransport {
    /// The folder the files go to; created when missing.
    public let directory: String

    /// Creates a transport writing into `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Writes `message` unless its file exists; the receipt says which happened.
    public func send(_ message: MailMessage) async throws -> MailReceipt {
        let bytes = MailMIMEWriter().render(message)
        let directory = self.directory
        let path = (directory as NSString).appendingPathComponent(Self.fileName(for: message.messageID))
        let written = try await MailThread.run(name: "tocsin-outbox") {
            try Self.writeOnce(bytes, to: path, in: directory)
        }
        let response = written ? "written to \(path)" : "already in the outbox as \(path)"
        return MailReceipt(messageID: message.messageID, response: response)
    }

    /// `<id>.eml`, with every byte outside `A–Z a–z 0–9 . _ @ + -` written as `%XX` (and `%` itself), so that
    /// different ids never share a file and no id can name a path outside the folder.
    public static func fileName(for messageID: String) -> String {
        var name = ""
        for byte in messageID.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "+"),
                UInt8(ascii: "-"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ".") where !name.isEmpty:
                name += "."
            default:
                name += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return name + ".eml"
    }

    /// Returns false when the file already existed.
    private static func writeOnce(_ bytes: [UInt8], to path: String, in directory: String) throws -> Bool {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FileOutboxFailure.cannotWrite(directory, "\(error)")
        }
        if FileManager.default.fileExists(atPath: path) { return false }
        let temporary = (directory as NSString).appendingPathComponent(".tmp-\(UUID().uuidString).eml")
        defer { unlink(temporary) }
        try writeSynced(bytes, to: temporary)
        if link(temporary, path) == 0 { return true }
        let failure = errno
        if failure == EEXIST { return false }
        throw FileOutboxFailure.cannotWrite(path, String(cString: strerror(failure)))
    }

    private static func writeSynced(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileOutboxFailure.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileOutboxFailure.cannotWrite(path, String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else {
            throw FileOutboxFailure.cannotWrite(path, String(cString: strerror(errno)))
        }
    }
}
