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
        guard let handle = handles[file], !bytes.isEmpty else { return }
        let data = Data(bytes)
        pending.wait()
        queue.async { [self] in
            defer { pending.signal() }
            do {
                try handle.write(contentsOf: data)
            } catch {
                let failure = SimulationError(
                    code: "S203", message: "cannot write \(file.name) in \(folder): \(error.localizedDescription)")
                lock.withLock { if firstError == nil { firstError = failure } }
            }
        }
    }

    /// Waits for the queued writes, closes the files, and throws the first write error.
    public func finish() throws(SimulationError) {
        queue.sync {}
        for handle in handles.values { try? handle.close() }
        if let error = lock.withLock({ firstError }) { throw error }
    }
}
