import Foundation

/// An event as ingest hands it to the store: where it came from, when it arrived, and its JSON text.
public struct StoredEventInput: Sendable, Hashable {
    /// Where the event came from: `http:token-name`, `syslog`, `file:/var/log/x.json`.
    public var source: String
    /// When Tocsin received it (not the event's own time, which lives in the JSON).
    public var receivedAt: Date
    /// The event's JSON text exactly as received.
    public var raw: String

    /// Creates an event to append.
    public init(source: String, receivedAt: Date, raw: String) {
        self.source = source
        self.receivedAt = receivedAt
        self.raw = raw
    }
}

/// An event the store holds, with the identifier that orders it for the detection pipeline.
public struct StoredEvent: Sendable, Hashable, Identifiable {
    /// Increasing in the order events became durable; ids may skip numbers but never go back.
    public var id: Int64
    /// Where the event came from.
    public var source: String
    /// When Tocsin received it, to the microsecond.
    public var receivedAt: Date
    /// The event's JSON text exactly as received.
    public var raw: String

    /// Creates a stored event (the store does this when reading).
    public init(id: Int64, source: String, receivedAt: Date, raw: String) {
        self.id = id
        self.source = source
        self.receivedAt = receivedAt
        self.raw = raw
    }
}

/// Where ingest stopped reading a followed file.
public struct IngestPosition: Sendable, Hashable {
    /// The file's path as configured.
    public var path: String
    /// The inode the offset belongs to, so a rotated file is noticed.
    public var inode: UInt64
    /// The byte offset up to which lines were ingested durably.
    public var offset: Int64
    /// When the position was last written.
    public var updatedAt: Date

    /// Creates a position.
    public init(path: String, inode: UInt64, offset: Int64, updatedAt: Date) {
        self.path = path
        self.inode = inode
        self.offset = offset
        self.updatedAt = updatedAt
    }
}
