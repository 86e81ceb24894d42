import Foundation
import HummingbirdTesting
import Testing
import TocsinStore

@testable import TocsinServer

/// A folder of followed files and a follower over a real SQLite store, driven one ``FileFollower/poll()`` at a time.
struct FollowFixture {
    let server: ServerFixture
    let folder: String
    let pipeline: DetectionPipeline<SQLStore>
    let metrics = ServerMetrics()

    static func make() async throws -> FollowFixture {
        let server = try await ServerFixture.make()
        let folder = server.folder + "/logs"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (_, pipeline) = buildApplication(
            configuration: server.configuration, store: server.store, engine: server.engine,
            correlations: server.correlations, runPipeline: false)
        try await pipeline.start()
        return FollowFixture(server: server, folder: folder, pipeline: pipeline)
    }

    func follower(
        _ paths: [String], queueLimit: Int64 = 1_000_000, maxEventBytes: Int = 1 << 20, batchLines: Int = 512,
        readBytes: Int = 1 << 20
    ) -> FileFollower<SQLStore> {
        FileFollower(
            paths: paths, store: server.store, pipeline: pipeline, queueLimit: queueLimit, maxEventBytes: maxEventBytes,
            batchLines: batchLines, readBytes: readBytes, metrics: metrics, logger: .init(label: "test"),
            clock: { Date() })
    }

    func path(_ name: String) -> String { folder + "/" + name }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    func append(_ text: String, to name: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// The `n` field of every stored event, in store order.
    func numbers() async throws -> [Int] {
        try await server.store.events(after: 0, limit: 10_000).map { jsonObject($0.raw)["n"] as? Int ?? -1 }
    }

    func close() async throws { try await server.close() }
}

func lines(_ numbers: ClosedRange<Int>) -> String {
    numbers.map { #"{"n":\#($0)}"# + "\n" }.joined()
}

@Suite("Followed files: tail -F into the store")
struct FileFollowerTests {
    @Test func appendedLinesAreStoredAndAPartialLineWaitsForItsEnd() async throws {
        let fixture = try await FollowFixture.make()
        let follower = fixture.follower([fixture.path("app.jsonl")])
        try fixture.write(lines(1...2) + #"{"n":"#, to: "app.jsonl")
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2])
        try fixture.append("3}\n" + lines(4...4), to: "app.jsonl")
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2, 3, 4])
        let events = try await fixture.server.store.events(after: 0, limit: 10)
        #expect(events.allSatisfy { $0.source == "file:" + fixture.path("app.jsonl") })
        let size = try FileManager.default.attributesOfItem(atPath: fixture.path("app.jsonl"))[.size] as? Int
        #expect(try await fixture.server.store.position(for: fixture.path("app.jsonl"))?.offset == Int64(size ?? -1))
        await follower.stop()
        try await fixture.close()
    }

    @Test func rotationFinishesTheOldFileThenReadsTheNewOneFromTheStart() async throws {
        let fixture = try await FollowFixture.make()
        let follower = fixture.follower([fixture.path("app.jsonl")])
        try fixture.write(lines(1...1), to: "app.jsonl")
        await follower.poll()
        // Written to the old file after the last look, then the file is rotated away and a new one started.
        try fixture.append(lines(2...2), to: "app.jsonl")
        try FileManager.default.moveItem(atPath: fixture.path("app.jsonl"), toPath: fixture.path("app.jsonl.1"))
        try fixture.write(lines(3...3), to: "app.jsonl")
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2, 3])
        try fixture.append(lines(4...4), to: "app.jsonl")
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2, 3, 4])
        await follower.stop()
        try await fixture.close()
    }

    @Test func truncationStartsAgainAtTheBeginning() async throws {
        let fixture = try await FollowFixture.make()
        let follower = fixture.follower([fixture.path("app.jsonl")])
        try fixture.write(lines(10...12), to: "app.jsonl")
        await follower.poll()
        try fixture.write(lines(1...1), to: "app.jsonl")
        await follower.poll()
        #expect(try await fixture.numbers() == [10, 11, 12, 1])
        await follower.stop()
        try await fixture.close()
    }

    @Test func aRestartResumesAtTheSavedPositionWithoutReadingAgain() async throws {
        let fixture = try await FollowFixture.make()
        let first = fixture.follower([fixture.path("app.jsonl")])
        try fixture.write(lines(1...3), to: "app.jsonl")
        await first.poll()
        await first.stop()
        try fixture.append(lines(4...5), to: "app.jsonl")
        let second = fixture.follower([fixture.path("app.jsonl")])
        await second.poll()
        #expect(try await fixture.numbers() == [1, 2, 3, 4, 5])
        await second.stop()
        // A different file under the same path (new inode) is read from the start.
        try FileManager.default.removeItem(atPath: fixture.path("app.jsonl"))
        try fixture.write(lines(6...6), to: "app.jsonl")
        let third = fixture.follower([fixture.path("app.jsonl")])
        await third.poll()
        #expect(try await fixture.numbers() == [1, 2, 3, 4, 5, 6])
        await third.stop()
        try await fixture.close()
    }

    @Test func badLinesAreCountedAndSkipped() async throws {
        let fixture = try await FollowFixture.make()
        // Small reads and a small limit, so lines and the overlong one cross read boundaries.
        let follower = fixture.follower([fixture.path("app.jsonl")], maxEventBytes: 40, readBytes: 7)
        let long = #"{"n":99,"pad":""# + String(repeating: "x", count: 100) + "\"}\n"
        try fixture.write(
            lines(1...1) + "{not json}\n" + "\n" + long + lines(2...2) + "[1,2]\n", to: "app.jsonl")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.path("app.jsonl")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x7B, 0x22, 0xC3, 0x22, 0x7D, 0x0A]) + Data(lines(3...3).utf8))
        try handle.close()
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2, 3])
        // Malformed, overlong, not an object, invalid UTF-8 (the blank line is no event and no problem).
        #expect(fixture.metrics.value(.fileLinesRejected) == 4)
        #expect(fixture.metrics.value(.fileEventsReceived) == 3)
        await follower.stop()
        try await fixture.close()
    }

    @Test func aFolderMeansItsJSONFilesListedOnEveryPass() async throws {
        let fixture = try await FollowFixture.make()
        let follower = fixture.follower([fixture.folder])
        try fixture.write(lines(1...1), to: "a.jsonl")
        try fixture.write(lines(50...50), to: "notes.txt")
        await follower.poll()
        #expect(try await fixture.numbers() == [1])
        try fixture.write(lines(2...2), to: "b.ndjson")
        try fixture.write(lines(3...3), to: "c.json")
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2, 3])
        await follower.stop()
        try await fixture.close()
    }

    @Test func readingStopsWhileDetectionIsBehind() async throws {
        let fixture = try await FollowFixture.make()
        let follower = fixture.follower([fixture.path("app.jsonl")], queueLimit: 1, batchLines: 2)
        try fixture.write(lines(1...5), to: "app.jsonl")
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2])
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2])
        _ = try await fixture.pipeline.step()
        await follower.poll()
        #expect(try await fixture.numbers() == [1, 2, 3, 4])
        await follower.stop()
        try await fixture.close()
    }

    @Test func theServerFollowsTheConfiguredFolder() async throws {
        var made = try await ServerFixture.make()
        let folder = made.folder + "/watched"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        made.configuration.ingest.watch = [folder]
        let fixture = made
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false, watchInterval: .milliseconds(20))
        try await application.test(.live) { _ in
            try Data(lines(1...2).utf8).write(to: URL(fileURLWithPath: folder + "/edr.ndjson"))
            let stored = try await events(in: fixture.store, atLeast: 2)
            #expect(stored.map { jsonObject($0.raw)["n"] as? Int } == [1, 2])
            #expect(stored.first?.source == "file:" + folder + "/edr.ndjson")
        }
        try await fixture.close()
    }
}
