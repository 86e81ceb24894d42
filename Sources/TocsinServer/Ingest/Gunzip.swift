import CZlib

/// Decompresses a gzip (or zlib) request body, refusing to grow past a limit (a small body can inflate to gigabytes).
enum Gunzip {
    /// Why a body could not be decompressed.
    enum Failure: Error, Equatable {
        case tooLarge
        case damaged(String)
    }

    /// The decompressed bytes of `compressed`, at most `limit` of them.
    static func inflate(_ compressed: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: a zlib or gzip header, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .damaged("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        var input = compressed
        let inputCount = input.count
        try input.withUnsafeMutableBufferPointer { (source) throws(Failure) in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(inputCount)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    let message = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                    throw Failure.damaged(message)
                }
                if output.count + produced > limit { throw Failure.tooLarge }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && stream.avail_in == 0 && produced == 0 {
                    throw Failure.damaged("the compressed body is cut short")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
