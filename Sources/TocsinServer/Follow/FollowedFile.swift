/// One file being followed: the open descriptor, and where reading and durable ingest stand in it.
struct FollowedFile: Sendable {
    let path: String
    var reader: FileReader
    var inode: UInt64
    /// Byte offset after the last complete line handled and saved with ``EventStore/setPosition(path:inode:offset:)``.
    var offset: Int64
    /// Bytes read after the last complete line (a partial line waiting for its LF).
    var pending: [UInt8] = []
    /// Where the next read starts: after `pending`, or later while an overlong line is skipped.
    var readPosition: Int64
    /// Whether an overlong line is being dropped up to its LF.
    var skipping = false
    /// The line number of the next line, known when reading started at the beginning of the file.
    var line: Int?

    init(path: String, reader: FileReader, inode: UInt64, offset: Int64) {
        self.path = path
        self.reader = reader
        self.inode = inode
        self.offset = offset
        readPosition = offset
        line = offset == 0 ? 1 : nil
    }

    /// Forgets everything after `offset` (a failed append, a truncation) so reading resumes there.
    mutating func rewind(to offset: Int64) {
        self.offset = offset
        readPosition = offset
        pending = []
        skipping = false
        if offset == 0 { line = 1 } else { line = nil }
    }
}
