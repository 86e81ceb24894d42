import NIOCore

/// Splits the server's bytes into lines (CRLF, or a bare LF from a lax server) and hands them to
/// ``SMTPReplyParser``. Bytes that are not UTF-8 and control characters in a line become U+FFFD, so a reply's text
/// is always safe to put in a message.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 octets per reply line; a longer run without a line break is not an SMTP server.
    static let maxLineLength = 4096

    private var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineLength {
                throw SMTPReplyParser.Malformed(line: "", reason: "a line is longer than \(Self.maxLineLength) bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var bytes = buffer.readBytes(length: length) ?? []
        buffer.moveReaderIndex(forwardBy: 1)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar in
            MailText.isControl(scalar) ? "\u{FFFD}" : Character(scalar)
        }
        if var reply = try parser.parse(line: String(line)) {
            reply.isFollowedByData = buffer.readableBytes > 0
            context.fireChannelRead(wrapInboundOut(reply))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
