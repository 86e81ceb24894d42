import Testing

@testable import TocsinServer

@Suite("Syslog: TCP framing (RFC 6587)")
struct SyslogFramerTests {
    static func message(_ text: String) -> SyslogFramer.Frame { .message(Array(text.utf8)) }

    /// Feeds `stream` cut into pieces of `size` bytes and collects every frame, the end of the stream included.
    static func frames(_ stream: String, pieces size: Int, limit: Int = 20) -> [SyslogFramer.Frame] {
        var framer = SyslogFramer(maxFrameBytes: limit)
        let bytes = Array(stream.utf8)
        var frames: [SyslogFramer.Frame] = []
        var start = 0
        while start < bytes.count {
            frames += framer.feed(bytes[start..<min(bytes.count, start + size)])
            start += size
        }
        return frames + framer.finish()
    }

    @Test(arguments: [1, 2, 3, 5, 1000])
    func octetCountedAndLineFramesMixInOneStream(pieces: Int) {
        let stream = "5 <1>ab" + "<2>line\n" + "\n" + "3 <3>" + "12abc\n" + "<4>last"
        #expect(
            Self.frames(stream, pieces: pieces)
                == [
                    Self.message("<1>ab"), Self.message("<2>line"), Self.message("<3>"), Self.message("12abc"),
                    Self.message("<4>last"),
                ])
    }

    @Test(arguments: [1, 4, 1000])
    func oversizeFramesAreSkippedAndTheStreamGoesOn(pieces: Int) {
        let long = String(repeating: "y", count: 30)
        let stream = "30 \(long)" + "4 <1>a" + "<2>\(long)\n" + "<3>b\n"
        #expect(
            Self.frames(stream, pieces: pieces)
                == [.tooLarge(30), Self.message("<1>a"), .tooLarge(33), Self.message("<3>b")])
    }

    @Test func aCutOctetCountedFrameIsLostAtTheEnd() {
        #expect(Self.frames("10 <1>ab", pieces: 100).isEmpty)
    }
}
