import Foundation
import Logging
import ServiceLifecycle
import TocsinStore

/// Follows NDJSON files like `tail -F`: lines appended are ingested, across rotation and truncation.
///
/// `paths` name files or folders (a folder means its `*.json`, `*.jsonl` and `*.ndjson` files, listed again on
/// every pass). Each pass (``poll()``, every `interval` when run as a service) reads what was appended, stores
/// it in batches and saves the position after each batch is durable: after a crash at most one batch is read
/// again (at-least-once; the pipeline drops duplicate alerts by key). On start a file resumes at its saved
/// position when its inode is the same. Polling is portable and simple; reads are short `pread`s of local files.
actor FileFollower<S: Store>: Service {
    static var extensions: Set<String> { ["json", "jsonl", "ndjson"] }

    let paths: [String]
    let store: S
    let pipeline: DetectionPipeline<S>
    let queueLimit: Int64
    /// Seconds the oldest pending event may wait for detection before reading pauses.
    let maxDelay: TimeInterval
    let maxEventBytes: Int
    let batchLines: Int
    let readBytes: Int
    let interval: Duration
    let metrics: ServerMetrics
    let logger: Logger
    let clock: @Sendable () -> Date

    var files: [String: FollowedFile] = [:]

    init(
        paths: [String], store: S, pipeline: DetectionPipeline<S>, queueLimit: Int64,
        maxDelay: TimeInterval = .infinity, maxEventBytes: Int,
        batchLines: Int = 512, readBytes: Int = 1 << 20, interval: Duration = .milliseconds(250),
        metrics: ServerMetrics, logger: Logger, clock: @escaping @Sendable () -> Date
    ) {
        self.paths = paths
        self.store = store
        self.pipeline = pipeline
        self.queueLimit = queueLimit
        self.maxDelay = maxDelay
        self.maxEventBytes = maxEventBytes
        self.batchLines = batchLines
        self.readBytes = readBytes
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    deinit {
        for file in files.values { file.reader.close() }
    }

    func run() async throws {
        logger.info("following files", metadata: ["watch.paths": "\(paths.joined(separator: ", "))"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.poll()
                try? await Task.sleep(for: self.interval)
            }
        }
        stop()
    }

    /// Closes every followed file.
    func stop() {
        for file in files.values { file.reader.close() }
        files = [:]
    }

    /// One pass over every path: new files are opened, followed ones read to their end (or until detection is
    /// behind), rotated ones finished and replaced, vanished ones finished and closed.
    func poll() async {
        let current = Set(expand())
        for path in files.keys.sorted() where !current.contains(path) {
            guard var file = files[path] else { continue }
            await drain(&file, final: true)
            file.reader.close()
            files[path] = nil
        }
        for path in current.sorted() {
            if files[path] == nil {
                guard let file = await open(path) else { continue }
                files[path] = file
            }
            guard var file = files[path] else { continue }
            await follow(&file)
            files[path] = file
        }
    }

    /// The files the configured paths name now, folders listed.
    func expand() -> [String] {
        var found: [String] = []
        for path in paths {
            guard let status = FileStatus.of(path: path) else { continue }
            if status.isRegular {
                found.append(path)
            } else if status.isDirectory {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                for name in names.sorted() where Self.extensions.contains((name as NSString).pathExtension.lowercased())
                {
                    let child = (path as NSString).appendingPathComponent(name)
                    if FileStatus.of(path: child)?.isRegular == true { found.append(child) }
                }
            }
        }
        return found
    }

    /// Opens a file first seen, at its saved position when that belongs to the same inode and still fits.
    private func open(_ path: String) async -> FollowedFile? {
        guard let reader = FileReader.open(path) else {
            logger.info("followed file cannot be opened", metadata: ["file.path": "\(path)"])
            return nil
        }
        guard let status = FileStatus.of(descriptor: reader.descriptor) else {
            reader.close()
            return nil
        }
        var offset: Int64 = 0
        do {
            if let saved = try await store.position(for: path), saved.inode == status.inode, saved.offset <= status.size
            {
                offset = saved.offset
            }
        } catch {
            logger.error(
                "followed file's position cannot be read", metadata: ["file.path": "\(path)", "error": "\(error)"])
            reader.close()
            return nil
        }
        logger.info("following file", metadata: ["file.path": "\(path)", "file.offset": "\(offset)"])
        return FollowedFile(path: path, reader: reader, inode: status.inode, offset: offset)
    }

    /// Reads what was appended, first finishing the old file when the path now names a new one (rotation) and
    /// starting over when the file shrank below what was read (truncation).
    private func follow(_ file: inout FollowedFile) async {
        if let named = FileStatus.of(path: file.path), named.inode != file.inode {
            await drain(&file, final: true)
            guard let reader = FileReader.open(file.path) else { return }
            // The inode of what was opened, in case the path moved on again in between.
            let inode = FileStatus.of(descriptor: reader.descriptor)?.inode ?? named.inode
            file.reader.close()
            logger.info("followed file rotated", metadata: ["file.path": "\(file.path)"])
            file = FollowedFile(path: file.path, reader: reader, inode: inode, offset: 0)
        }
        if let status = FileStatus.of(descriptor: file.reader.descriptor), status.size < file.readPosition {
            logger.info(
                "followed file truncated", metadata: ["file.path": "\(file.path)", "file.size": "\(status.size)"])
            file.rewind(to: 0)
        }
        await drain(&file, final: false)
    }
}
