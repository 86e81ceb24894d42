/// A fast LZ77 compressor and decompressor for batches of event JSON, writing the LZ4 block format.
///
/// Ours rather than a C library: the store pays for every byte it writes and reads, and a pure-Swift codec keeps the
/// build free of system libraries. Speed matters more than ratio, so the parser is greedy with one hash table of
/// 4-byte sequences, and it skips ahead faster the longer it finds nothing (incompressible data costs little). The
/// output is a plain LZ4 block (no frame, no checksum), so other LZ4 tools can cross-check it.
///
/// A block is a run of sequences. Each starts with a token byte: the high 4 bits are the literal count, the low 4
/// bits the match length minus 4; a nibble of 15 means more length follows in bytes of 255 ended by one below 255.
/// Then come the literals, a 2-byte little-endian offset back into the output, and the extra match-length bytes.
/// The last sequence has literals only. The format's end rules (the last 5 bytes are literals, no match starts in
/// the last 12 bytes) are kept when compressing; the decompressor only insists on what keeps it in bounds.
enum BlockCodec {
    /// Shortest match the format can express; the token stores the match length minus this.
    static let minMatch = 4
    /// The last bytes of a block that must be literals (the format's end rule).
    static let lastLiterals = 5
    /// A match must start at least this many bytes before the end of the block (the format's end rule).
    static let matchStartMargin = 12
    /// Farthest back a match may reach: the offset is stored in two bytes.
    static let maxOffset = 65_535
    /// Log2 of the hash table's entries: 2^14 positions (64 KB) stay in the L2 cache yet find most JSON repeats.
    static let hashLog = 14
    /// After 2^skipTrigger misses in a row the search step grows by one, so incompressible data is crossed quickly.
    static let skipTrigger = 6
    /// Spare bytes after every output buffer so short copies can move whole 8- or 16-byte words past their end.
    static let slack = 32

    /// The most bytes `compress` can append for `count` input bytes (all literals plus their length bytes).
    static func maxCompressedCount(_ count: Int) -> Int { count + count / 255 + 16 }

    /// Appends the compressed form of `input` to `output`.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard let source = input.baseAddress, !input.isEmpty else {
            output.append(0)  // one token: no literals, no match
            return
        }
        let start = output.count
        let room = maxCompressedCount(input.count) + slack
        // A new array with room for the output so far and the block, written through a pointer: one allocation, no
        // per-byte appends, and no zero-filling of the room first (as large as the input, a megabyte and more per
        // ingest request, which cost as much as a tenth of compressing it).
        output = [UInt8](unsafeUninitializedCapacity: start + room) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            output.withUnsafeBufferPointer { prefix in
                if let prefix = prefix.baseAddress { base.initialize(from: prefix, count: start) }
            }
            count = start + compressBlock(source, count: input.count, into: UnsafeMutableRawPointer(base + start))
        }
    }

    /// Appends the compressed form of `input` to `output`.
    static func compress(_ input: [UInt8], into output: inout [UInt8]) {
        input.withUnsafeBytes { compress($0, into: &output) }
    }

    /// The compressed form of `input`.
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        compress(input, into: &output)
        return output
    }

    /// Decompresses `input`, which must expand to exactly `originalCount` bytes.
    ///
    /// Throws ``BlockCodecError`` naming what is wrong and at which input offset when the data is damaged; every
    /// length and offset is checked against the input and the output first, so hostile data cannot make it read or
    /// write out of bounds.
    static func decompress(_ input: UnsafeRawBufferPointer, originalCount: Int) throws(BlockCodecError) -> [UInt8] {
        guard originalCount >= 0 else {
            throw BlockCodecError(offset: 0, message: "the original size \(originalCount) is negative")
        }
        guard let source = input.baseAddress, !input.isEmpty else {
            throw BlockCodecError(offset: 0, message: "the block is empty; even an empty input compresses to a token")
        }
        // One input byte yields at most 255 output bytes, so a larger claim is damage; checking it first also keeps
        // a hostile size from asking for a huge allocation.
        guard originalCount / 255 <= input.count else {
            throw BlockCodecError(
                offset: 0, message: "the original size \(originalCount) is impossible for \(input.count) bytes")
        }
        var failure: BlockCodecError?
        let output = [UInt8](unsafeUninitializedCapacity: originalCount + slack) { buffer, count in
            count = 0
            guard let target = buffer.baseAddress else { return }
            do throws(BlockCodecError) {
                try decompressBlock(source, count: input.count, into: target, originalCount: originalCount)
                count = originalCount
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses `input`, which must expand to exactly `originalCount` bytes.
    static func decompress(_ input: [UInt8], originalCount: Int) throws(BlockCodecError) -> [UInt8] {
        // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
        let result = input.withUnsafeBytes { bytes -> Result<[UInt8], BlockCodecError> in
            do throws(BlockCodecError) {
                return .success(try decompress(bytes, originalCount: originalCount))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Compression

    /// Compresses `count` (> 0) bytes at `source` to `target`, which has maxCompressedCount + slack bytes; returns
    /// how many it wrote.
    private static func compressBlock(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutableRawPointer)
        -> Int
    {
        var op = target
        var anchor = 0  // first input byte not yet written
        if count > matchStartMargin {
            let tableCount = 1 << hashLog
            let table = UnsafeMutablePointer<UInt32>.allocate(capacity: tableCount)
            // Zeroed entries all claim position 0; every candidate is verified, so they only cost a failed compare.
            table.initialize(repeating: 0, count: tableCount)
            defer { table.deallocate() }
            let lastMatchStart = count - matchStartMargin
            let matchEnd = count - lastLiterals
            var ip = 1
            search: while true {
                // Look for a 4-byte repeat; the step grows by one every 2^skipTrigger misses.
                var attempts = 1 << skipTrigger
                var distance = 0
                while true {
                    guard ip <= lastMatchStart else { break search }
                    distance = candidate(source, at: ip, table: table)
                    if distance != 0 { break }
                    ip &+= attempts >> skipTrigger
                    attempts &+= 1
                }
                // Emit the match, then keep emitting while a new match starts right where the last one ended.
                while true {
                    var ref = ip &- distance
                    let end = ip &+ minMatch &+ commonLength(source, ip &+ minMatch, ref &+ minMatch, limit: matchEnd)
                    // Grow the match backwards over pending literals that also repeat.
                    while ip > anchor, ref > 0, byte(source, ip &- 1) == byte(source, ref &- 1) {
                        ip &-= 1
                        ref &-= 1
                    }
                    op = writeSequence(
                        op, literals: source + anchor, literalCount: ip &- anchor, offset: distance,
                        matchLength: end &- ip)
                    ip = end
                    anchor = ip
                    guard ip <= lastMatchStart else { break search }
                    // Record a position inside the match too, so the next repeat of this text finds a fresher copy.
                    let inside = ip &- 2
                    table[hash(read32(source, inside))] = UInt32(truncatingIfNeeded: inside)
                    distance = candidate(source, at: ip, table: table)
                    if distance == 0 {
                        ip &+= 1
                        break
                    }
                }
            }
        }
        // The last sequence: the remaining literals, no offset.
        let literalCount = count &- anchor
        op = writeToken(op, literalNibble: literalCount, matchNibble: 0)
        op = writeLength(op, literalCount)
        op.copyMemory(from: source + anchor, byteCount: literalCount)
        return (op + literalCount) - target
    }

    /// Records `ip` in the table and returns the distance back to an earlier copy of its 4 bytes, or 0 for none.
    @inline(__always)
    private static func candidate(_ source: UnsafeRawPointer, at ip: Int, table: UnsafeMutablePointer<UInt32>) -> Int {
        let sequence = read32(source, ip)
        let slot = hash(sequence)
        let stored = table[slot]
        let here = UInt32(truncatingIfNeeded: ip)
        table[slot] = here
        // Positions are kept modulo 2^32; the wrapping difference is the true distance for any near position, and
        // any entry from far back or never written fails the range check or the byte compare.
        let distance = here &- stored
        guard distance &- 1 < UInt32(maxOffset) else { return 0 }
        let back = Int(distance)
        return read32(source, ip &- back) == sequence ? back : 0
    }

    /// How many bytes from `ip` equal those from `ref` (ref < ip), not going past `limit`.
    @inline(__always)
    private static func commonLength(_ source: UnsafeRawPointer, _ ip: Int, _ ref: Int, limit: Int) -> Int {
        var p = ip
        var q = ref
        // Compare 8 bytes at a time; the lowest differing bit of the little-endian XOR is the first unequal byte.
        while p &+ 8 <= limit {
            let a = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            let b = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: q, as: UInt64.self))
            let difference = a ^ b
            if difference != 0 { return p &- ip &+ difference.trailingZeroBitCount >> 3 }
            p &+= 8
            q &+= 8
        }
        while p < limit, byte(source, p) == byte(source, q) {
            p &+= 1
            q &+= 1
        }
        return p &- ip
    }

    /// Writes one sequence: token, literal count, literals, offset and match length; returns the new end.
    @inline(__always)
    private static func writeSequence(
        _ start: UnsafeMutableRawPointer, literals: UnsafeRawPointer, literalCount: Int, offset: Int, matchLength: Int
    ) -> UnsafeMutableRawPointer {
        let matchRest = matchLength &- minMatch
        var op = writeToken(start, literalNibble: literalCount, matchNibble: matchRest)
        op = writeLength(op, literalCount)
        // Copy whole words: the source has at least 5 more bytes (the end rule) and the target has slack.
        var copied = 0
        while copied < literalCount {
            let word = literals.loadUnaligned(fromByteOffset: copied, as: UInt64.self)
            op.storeBytes(of: word, toByteOffset: copied, as: UInt64.self)
            copied &+= 8
        }
        op += literalCount
        op.storeBytes(of: UInt16(truncatingIfNeeded: offset).littleEndian, as: UInt16.self)
        return writeLength(op + 2, matchRest)
    }

    /// Writes a token whose nibbles are the two counts capped at 15; returns the byte after it.
    @inline(__always)
    private static func writeToken(_ op: UnsafeMutableRawPointer, literalNibble: Int, matchNibble: Int)
        -> UnsafeMutableRawPointer
    {
        let token = min(literalNibble, 15) << 4 | min(matchNibble, 15)
        op.storeBytes(of: UInt8(truncatingIfNeeded: token), as: UInt8.self)
        return op + 1
    }

    /// Writes the extra length bytes a count of 15 or more needs (255s, then the rest); returns the new end.
    @inline(__always)
    private static func writeLength(_ start: UnsafeMutableRawPointer, _ count: Int) -> UnsafeMutableRawPointer {
        guard count >= 15 else { return start }
        let rest = count &- 15
        let full = rest / 255
        start.initializeMemory(as: UInt8.self, repeating: 255, count: full)
        let op = start + full
        op.storeBytes(of: UInt8(truncatingIfNeeded: rest &- full &* 255), as: UInt8.self)
        return op + 1
    }

    /// The Fibonacci hash of a 4-byte sequence, hashLog bits wide.
    @inline(__always)
    private static func hash(_ sequence: UInt32) -> Int {
        Int((sequence &* 2_654_435_761) >> UInt32(32 - hashLog))
    }

    /// The 4 bytes at `offset` as one word (byte order does not matter: words are only hashed and compared).
    @inline(__always)
    private static func read32(_ source: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        source.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    }

    /// The byte at `offset`.
    @inline(__always)
    private static func byte(_ source: UnsafeRawPointer, _ offset: Int) -> UInt8 {
        source.load(fromByteOffset: offset, as: UInt8.self)
    }

    // MARK: - Decompression

    /// Decodes the `count` bytes at `source` into exactly `originalCount` bytes at `target` (which has slack more).
    private static func decompressBlock(
        _ source: UnsafeRawPointer, count: Int, into target: UnsafeMutableRawPointer, originalCount: Int
    ) throws(BlockCodecError) {
        let inputEnd = count
        let outputEnd = originalCount
        var ip = 0
        var op = 0
        while true {
            let tokenAt = ip
            guard ip < inputEnd else { throw BlockCodecError(offset: ip, message: "the data ends before a token") }
            let token = Int(byte(source, ip))
            ip &+= 1
            var literalCount = token >> 4
            if literalCount == 15 { literalCount &+= try readLength(source, &ip, inputEnd, what: "literal count") }
            if literalCount > 0 {
                guard literalCount <= inputEnd &- ip else {
                    throw BlockCodecError(
                        offset: tokenAt,
                        message: "\(literalCount) literals run past the end of the data (\(inputEnd &- ip) left)")
                }
                guard literalCount <= outputEnd &- op else {
                    throw BlockCodecError(
                        offset: tokenAt, message: "\(literalCount) literals overrun the original size \(outputEnd)")
                }
                if literalCount <= 16, inputEnd &- ip >= 16 {
                    // Short run away from the input's end: two word copies, spilling into the output's slack.
                    let low = source.loadUnaligned(fromByteOffset: ip, as: UInt64.self)
                    let high = source.loadUnaligned(fromByteOffset: ip &+ 8, as: UInt64.self)
                    target.storeBytes(of: low, toByteOffset: op, as: UInt64.self)
                    target.storeBytes(of: high, toByteOffset: op &+ 8, as: UInt64.self)
                } else {
                    (target + op).copyMemory(from: source + ip, byteCount: literalCount)
                }
                ip &+= literalCount
                op &+= literalCount
            }
            if ip == inputEnd { break }  // the last sequence has no match
            guard inputEnd &- ip >= 2 else {
                throw BlockCodecError(offset: ip, message: "the data ends inside a match offset")
            }
            let offset = Int(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
            guard offset != 0 else { throw BlockCodecError(offset: ip, message: "a match offset is 0") }
            guard offset <= op else {
                throw BlockCodecError(
                    offset: ip, message: "the match offset \(offset) points before the start (\(op) bytes written)")
            }
            ip &+= 2
            var matchLength = token & 15
            if matchLength == 15 { matchLength &+= try readLength(source, &ip, inputEnd, what: "match length") }
            matchLength &+= minMatch
            guard matchLength <= outputEnd &- op else {
                throw BlockCodecError(
                    offset: tokenAt, message: "a \(matchLength)-byte match overruns the original size \(outputEnd)")
            }
            copyMatch(target, to: op, offset: offset, count: matchLength)
            op &+= matchLength
        }
        guard op == outputEnd else {
            throw BlockCodecError(
                offset: ip, message: "the data ends after \(op) bytes, short of the original size \(outputEnd)")
        }
    }

    /// Reads the extra length bytes after a nibble of 15 and returns their sum.
    @inline(__always)
    private static func readLength(_ source: UnsafeRawPointer, _ ip: inout Int, _ inputEnd: Int, what: String)
        throws(BlockCodecError) -> Int
    {
        var total = 0  // at most 255 per input byte, so it cannot overflow
        while true {
            guard ip < inputEnd else {
                throw BlockCodecError(offset: ip, message: "the data ends inside a \(what)")
            }
            let next = Int(byte(source, ip))
            ip &+= 1
            total &+= next
            if next != 255 { return total }
        }
    }

    /// Copies `count` bytes from `offset` back to `op`; overlapping copies repeat the pattern, as the format says.
    ///
    /// The caller has checked the bounds; words may spill up to 7 bytes into the slack past the end.
    @inline(__always)
    private static func copyMatch(_ target: UnsafeMutableRawPointer, to op: Int, offset: Int, count: Int) {
        var done = 0
        var distance = offset
        if offset < 8 {
            // Within a match the output repeats every `offset` bytes, so after the first multiple of `offset` that
            // is 8 or more has been copied byte by byte, whole words can be copied from that far back.
            distance = offset &* ((8 &+ offset &- 1) / offset)
            let head = min(distance, count)
            while done < head {
                target.storeBytes(of: byte(target, op &+ done &- offset), toByteOffset: op &+ done, as: UInt8.self)
                done &+= 1
            }
        }
        while done < count {
            let word = target.loadUnaligned(fromByteOffset: op &+ done &- distance, as: UInt64.self)
            target.storeBytes(of: word, toByteOffset: op &+ done, as: UInt64.self)
            done &+= 8
        }
    }
}

/// Why a compressed block cannot be decompressed: what is wrong and where.
struct BlockCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the compressed input where the problem was found.
    var offset: Int
    /// What is wrong, in words.
    var message: String
    /// `message at input offset N`.
    var description: String { "\(message) at input offset \(offset)" }
}
