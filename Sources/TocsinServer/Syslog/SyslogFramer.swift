/// Splits a syslog TCP stream into messages (RFC 6587), deciding the framing frame by frame.
///
/// A frame that starts with a digit is octet-counted (`LEN SP MSG`); any other is one line ended by LF. A frame
/// over `maxFrameBytes` is refused without buffering it, and the stream stays usable: an octet-counted frame is
/// skipped by its length, a line up to its LF. Pure: the caller feeds bytes and carries out what comes back.
struct SyslogFramer: Sendable {
    /// What the stream held.
    enum Frame: Sendable, Equatable {
        case message([UInt8])
        /// A frame refused for its size, with the size it had (for lines, the bytes seen before the LF).
        case tooLarge(Int)
    }

    private enum State: Sendable {
        /// Between frames.
        case start
        /// Reading the decimal length of an octet-counted frame.
        case length(Int, digits: [UInt8])
        /// Reading the `remaining` bytes of an octet-counted frame.
        case counted(remaining: Int)
        /// Dropping the `remaining` bytes of an octet-counted frame that is too large.
        case skippingCounted(remaining: Int, size: Int)
        /// Reading a line up to its LF.
        case line
        /// Dropping an overlong line up to its LF.
        case skippingLine(size: Int)
    }

    let maxFrameBytes: Int
    private var state = State.start
    private var buffer: [UInt8] = []

    init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// The frames `bytes` complete; bytes of an unfinished frame are kept for the next call.
    mutating func feed(_ bytes: some Collection<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            switch state {
            case .start:
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x00 {
                    // Stray separators between frames (some senders end octet-counted frames with LF too).
                    bytes.formIndex(after: &index)
                } else if byte >= 0x31 && byte <= 0x39 {
                    state = .length(0, digits: [])
                } else {
                    state = .line
                }
            case .length(let value, let digits):
                let byte = bytes[index]
                if byte >= 0x30 && byte <= 0x39 && digits.count < 10 {
                    state = .length(value * 10 + Int(byte - 0x30), digits: digits + [byte])
                    bytes.formIndex(after: &index)
                } else if byte == 0x20 {
                    bytes.formIndex(after: &index)
                    state =
                        value > maxFrameBytes
                        ? .skippingCounted(remaining: value, size: value) : .counted(remaining: value)
                    buffer.removeAll(keepingCapacity: true)
                } else {
                    // Not a length after all: the digits begin a line.
                    buffer = digits
                    state = .line
                }
            case .counted(let remaining):
                let available = bytes.distance(from: index, to: bytes.endIndex)
                let take = min(available, remaining)
                let end = bytes.index(index, offsetBy: take)
                buffer.append(contentsOf: bytes[index..<end])
                index = end
                if take == remaining {
                    frames.append(.message(buffer))
                    buffer.removeAll(keepingCapacity: true)
                    state = .start
                } else {
                    state = .counted(remaining: remaining - take)
                }
            case .skippingCounted(let remaining, let size):
                let available = bytes.distance(from: index, to: bytes.endIndex)
                let take = min(available, remaining)
                index = bytes.index(index, offsetBy: take)
                if take == remaining {
                    frames.append(.tooLarge(size))
                    state = .start
                } else {
                    state = .skippingCounted(remaining: remaining - take, size: size)
                }
            case .line:
                if let newline = bytes[index...].firstIndex(of: 0x0A) {
                    buffer.append(contentsOf: bytes[index..<newline])
                    index = bytes.index(after: newline)
                    if buffer.count > maxFrameBytes {
                        frames.append(.tooLarge(buffer.count))
                    } else {
                        frames.append(.message(buffer))
                    }
                    buffer.removeAll(keepingCapacity: true)
                    state = .start
                } else {
                    buffer.append(contentsOf: bytes[index...])
                    index = bytes.endIndex
                    if buffer.count > maxFrameBytes {
                        state = .skippingLine(size: buffer.count)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            case .skippingLine(let size):
                if let newline = bytes[index...].firstIndex(of: 0x0A) {
                    frames.append(.tooLarge(size + bytes.distance(from: index, to: newline)))
                    index = bytes.index(after: newline)
                    state = .start
                } else {
                    state = .skippingLine(size: size + bytes.distance(from: index, to: bytes.endIndex))
                    index = bytes.endIndex
                }
            }
        }
        return frames
    }

    /// The end of the stream: a last line without LF is a frame; a cut octet-counted frame is lost.
    mutating func finish() -> [Frame] {
        defer {
            state = .start
            buffer.removeAll()
        }
        switch state {
        case .line where !buffer.isEmpty: return [.message(buffer)]
        case .skippingLine(let size): return [.tooLarge(size)]
        default: return []
        }
    }
}
