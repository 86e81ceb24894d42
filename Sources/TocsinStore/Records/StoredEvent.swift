import Foundation

/// An event's JSON text as UTF-8 bytes: a slice of the buffer it arrived in or was read back from, which the other
/// events of that buffer share.
///
/// Why not a `String` per event: an ingest request of a thousand events made a thousand strings, each allocated,
/// its UTF-8 validated once more and copied, and freed later on another thread; under sustained ingest that was a
/// few per cent of the machine. The buffer (the request body, a decompressed chunk) stays alive while any of its
/// events does. Whoever makes an `EventText` from bytes vouches that they are valid UTF-8 (ingest has checked).
public struct EventText: Sendable, Hashable {
    /// The text's bytes.
    public let bytes: ArraySlice<UInt8>

    /// Text that is these bytes, which must be valid UTF-8.
    public init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Text that is this string.
    public init(_ string: String) { bytes = ArraySlice(string.utf8) }

    /// Text from bytes nobody has checked (read back from the database, which may have been damaged): kept as they
    /// are when they are valid UTF-8 (checked by the standard library, without a copy), otherwise repaired as
    /// `String(decoding:as:)` repairs them, so that matching only ever sees valid UTF-8.
    public init(checking bytes: ArraySlice<UInt8>) {
        if Self.isValidUTF8(bytes) {
            self.init(bytes)
        } else {
            self.init(String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        do {
            _ = try UTF8Span(validating: bytes.span)
            return true
        } catch {
            return false
        }
    }

    /// The length in bytes.
    public var count: Int { bytes.count }

    /// The text as a string (a copy).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Calls `body` with the bytes.
    @inlinable
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer(body)
    }
}

/// An event as ingest hands it to the store: where it came from, when it arrived, and its JSON text.
public struct StoredEventInput: Sendable, Hashable {
    /// Where the event came from: `http:token-name`, `syslog`, `file:/var/log/x.json`.
    public var source: String
    /// When Tocsin received it (not the event's own time, which lives in the JSON).
    public var receivedAt: Date
    /// The event's JSON text exactly as received.
    public var text: EventText

    /// The event's JSON text as a string (a copy; ``text`` is what is stored).
    public var raw: String {
        get { text.string }
        set { text = EventText(newValue) }
    }

    /// Creates an event to append.
    public init(source: String, receivedAt: Date, raw: String) {
        self.init(source: source, receivedAt: receivedAt, text: EventText(raw))
    }

    /// Creates an event to append from its text's bytes.
    public init(source: String, receivedAt: Date, text: EventText) {
        self.source = source
        self.receivedAt = receivedAt
        self.text = text
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
    public var text: EventText

    /// The event's JSON text as a string (a copy; ``text`` is what is stored).
    public var raw: String {
        get { text.string }
        set { text = EventText(newValue) }
    }

    /// Creates a stored event.
    public init(id: Int64, source: String, receivedAt: Date, raw: String) {
        self.init(id: id, source: source, receivedAt: receivedAt, text: EventText(raw))
    }

    /// Creates a stored event from its text's bytes (the store does this when reading).
    public init(id: Int64, source: String, receivedAt: Date, text: EventText) {
        self.id = id
        self.source = source
        self.receivedAt = receivedAt
        self.text = text
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
