#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat` says about a path or an open file: enough to notice rotation (a new inode) and truncation.
struct FileStatus: Sendable, Equatable {
    var inode: UInt64
    var size: Int64
    var isDirectory: Bool
    var isRegular: Bool

    /// The status of the file `path` names now (following links), nil when there is none.
    static func of(path: String) -> FileStatus? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStatus(info)
    }

    /// The status of the open file `descriptor`, whatever its path names now.
    static func of(descriptor: Int32) -> FileStatus? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileStatus(info)
    }

    private init(_ info: stat) {
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        isRegular = (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// A file opened read-only, read at explicit offsets; closed by its owner.
struct FileReader: Sendable {
    let descriptor: Int32

    /// Opens `path`, nil when it cannot be opened.
    static func open(_ path: String) -> FileReader? {
        #if canImport(Darwin)
            let descriptor = Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #elseif canImport(Musl)
            let descriptor = Musl.open(path, O_RDONLY | O_CLOEXEC)
        #else
            let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #endif
        return descriptor >= 0 ? FileReader(descriptor: descriptor) : nil
    }

    /// Up to `count` bytes from `offset`; empty at the end of the file or on an error.
    func read(at offset: Int64, count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        guard read > 0 else { return [] }
        bytes.removeSubrange(read...)
        return bytes
    }

    func close() {
        #if canImport(Darwin)
            _ = Darwin.close(descriptor)
        #elseif canImport(Musl)
            _ = Musl.close(descriptor)
        #else
            _ = Glibc.close(descriptor)
        #endif
    }
}
