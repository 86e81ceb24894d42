import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a file beside the database, so two processes never write one SQLite file.
///
/// The kernel releases the lock when the process ends, even by `kill -9`, so a crash never leaves a stale lock.
final class LockFile: Sendable {
    private let descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock, or throws ``StoreError/Kind/locked`` naming the process that holds it.
    static func acquire(path: String, database: String) throws -> LockFile {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(
                .cannotOpen, "cannot create the lock file \(path): \(String(cString: strerror(errno)))",
                hint: "check that the data folder is writable by this user")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw StoreError(
                .locked,
                "the database \(database) is in use by another process" + (holder.isEmpty ? "" : " (pid \(holder))"),
                hint: "stop the other tocsin process, or give this one its own data folder")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        return LockFile(descriptor: descriptor, path: path)
    }

    /// Releases the lock.
    func release() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
