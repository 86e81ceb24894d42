import Foundation

/// Writes the four files into a folder (created if missing; existing files are replaced).
public struct DirectorySink: SimulationSink {
    /// The folder written to.
    public let folder: String
    private let handles: [SimulationFile: FileHandle]

    /// Creates `folder` and empties or creates its four files.
    public init(folder: String) throws(SimulationError) {
        self.folder = folder
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

    /// Appends `bytes` to `file`.
    public mutating func write(_ bytes: [UInt8], to file: SimulationFile) throws(SimulationError) {
        guard let handle = handles[file] else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw SimulationError(
                code: "S203", message: "cannot write \(file.name) in \(folder): \(error.localizedDescription)")
        }
    }

    /// Closes the files.
    public func close() {
        for handle in handles.values { try? handle.close() }
    }
}
