import Foundation

/// Writes the four files into a folder (created if missing; existing files are replaced).
///
/// Writing happens on a serial queue of its own, so that the kernel's copying overlaps the rendering of the next
/// buffers; at most `maximumPending` buffers wait, so memory stays bounded. Call `finish()` at the end.
public final class DirectorySink: SimulationSink, @unchecked Sendable {
    // Sendable: `handles` is set in init and only read afterwards; `firstError` is read and written under `lock`.
    /// The folder written to.
    public let folder: String
    private let handles: [SimulationFile: FileHandle]
    private let queue = DispatchQueue(label: "tocsin.simulate.writer")
    private let pending: DispatchSemaphore
    private let lock = NSLock()
    private var firstError: SimulationError?
    static let maximumPending = 6

    /// Creates `folder` and empties or creates its four files.
    public init(folder: String) throws(SimulationError) {
        self.folder = folder
        pending = DispatchSemaphore(value: DirectorySink.maximumPending)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SimulationError(code: "S201", message: "cannot create the output folder \(folder): \(error.localizedDescription)")
        }
        var handles: [SimulationFile: FileHandle] = [:]
        for file in SimulationFile.allCases {
            let path = (folder as NSString).appendingPathComponent(file.name)
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
            else {
                throw SimulationError(code: "S202", message: "cannot create \(path)")
            }
            handles[file] = handle
        }
        self.handles = handles
    }

    /// Queues a copy of `bytes` for `file`; throws an earlier write's error.
    public func write(_ bytes: UnsafeRawBufferPointer, to file: SimulationFile) throws(SimulationError) {
        if let error = lock.withLock({ firstError }) { throw error }
        guard let handle = handles[file], let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        copy.copyMemory(from: UnsafeRawBufferPointer(start: source, count: bytes.count))
        let chunk = Chunk(bytes: copy)
        pending.wait()
        queue.async { [self] in
            defer {
                chunk.bytes.deallocate()
                pending.signal()
            }
            if let failure = Self.writeAll(chunk.bytes, to: handle.fileDescriptor) {
                let error = SimulationError(code: "S203", message: "cannot write \(file.name) in \(folder): \(failure)")
                lock.withLock { if firstError == nil { firstError = error } }
            }
        }
    }

    /// A copied buffer on its way to the writer queue.
    private struct Chunk: @unchecked Sendable {
        // Sendable: the writer queue is the only user of the bytes after the copy, and frees them.
        let bytes: UnsafeMutableRawBufferPointer
    }

    /// Writes all of `bytes` to `descriptor`; the reason on failure.
    private static func writeAll(_ bytes: UnsafeMutableRawBufferPointer, to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            guard let start = bytes.baseAddress else { return nil }
            let written = Foundation.write(descriptor, start + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }

    /// Waits for the queued writes, closes the files, and throws the first write error.
    public func finish() throws(SimulationError) {
        queue.sync {}
        for handle in handles.values { try? handle.close() }
        if let error = lock.withLock({ firstError }) { throw error }
    }
}
