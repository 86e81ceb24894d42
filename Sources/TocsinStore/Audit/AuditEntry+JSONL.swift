/// The audit log as JSON Lines, for a regulator or a forensic examiner: one canonical JSON object per entry.
///
/// Each line holds the hashed fields (`sequence`, `time`, `actor`, `action`, `subject`, `details`) plus
/// `time_us` (the exact microseconds), `previous_hash` and `hash` in lower-case hex, so the chain can be checked
/// from the file alone with `AuditChain.verify`.
extension AuditEntry {
    /// The entry as one canonical JSON line, without the newline.
    public func jsonLine() throws -> String {
        let object: JSONValue = .object([
            "sequence": .int(sequence),
            "time": .string(Timestamp.rfc3339(microseconds: timeMicroseconds)),
            "time_us": .int(timeMicroseconds),
            "actor": .string(actor),
            "action": .string(action),
            "subject": .string(subject),
            "details": .object(details),
            "previous_hash": .string(Hex.encode(previousHash)),
            "hash": .string(Hex.encode(hash)),
        ])
        return try CanonicalJSON.string(of: object)
    }

    /// Reads an entry back from a line ``jsonLine()`` wrote.
    public init(jsonLine line: String) throws {
        guard case .object(let fields) = try JSONParser.parse(line) else {
            throw JSONParser.Failure(offset: 0, reason: "an audit line must be a JSON object")
        }
        func text(_ key: String) throws -> String {
            guard let value = fields[key]?.stringValue else {
                throw JSONParser.Failure(offset: 0, reason: "field '\(key)' is missing or not a string")
            }
            return value
        }
        func integer(_ key: String) throws -> Int64 {
            guard case .int(let value) = fields[key] else {
                throw JSONParser.Failure(offset: 0, reason: "field '\(key)' is missing or not an integer")
            }
            return value
        }
        func hash(_ key: String) throws -> [UInt8] {
            guard let bytes = Hex.decode(try text(key)) else {
                throw JSONParser.Failure(offset: 0, reason: "field '\(key)' is not hex")
            }
            return bytes
        }
        guard let details = fields["details"]?.objectValue else {
            throw JSONParser.Failure(offset: 0, reason: "field 'details' is missing or not an object")
        }
        self.init(
            sequence: try integer("sequence"), timeMicroseconds: try integer("time_us"), actor: try text("actor"),
            action: try text("action"), subject: try text("subject"), details: details,
            previousHash: try hash("previous_hash"), hash: try hash("hash"))
    }
}

/// Lower-case hexadecimal for hashes.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as lower-case hex.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a hex string, or `nil` when it is not hex of even length.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
