import Dispatch
import Foundation

/// A progress line on standard error, redrawn at most ten times a second.
final class ProgressBar {
    private let totalBytes: Int
    private var lastDraw: UInt64 = 0
    private let started = DispatchTime.now().uptimeNanoseconds

    init(totalBytes: Int) {
        self.totalBytes = totalBytes
    }

    func update(bytes: Int, events: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        let fraction = totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let seconds = Double(now - started) / 1e9
        let rate = seconds > 0 ? Int(Double(events) / seconds) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(
            Data("\r\(bar) \(Int(fraction * 100))%  \(events) events  \(rate) events/s ".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
