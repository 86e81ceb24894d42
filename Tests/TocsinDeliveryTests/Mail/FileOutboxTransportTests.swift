import Foundation
import Testing
import TocsinDelivery

@Suite struct FileOutboxTransportTests {
    private func folder() throws -> URL {
        try TestThread.temporaryDirectory("tocsin-outbox").appendingPathComponent("outbox")
    }

    @Test func writesTheMessageAsAnEmlFile() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let message = try TestMail.message()
        let receipt = try await FileOutboxTransport(directory: folder.path).send(message)
        let path = folder.appendingPathComponent("inc-42.1@tocsin.example.eml").path
        #expect(receipt == MailReceipt(messageID: "inc-42.1@tocsin.example", response: "written to \(path)"))
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == TestMail.rendered(message))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["inc-42.1@tocsin.example.eml"])
    }

    @Test func neverOverwritesAMessageThatIsAlreadyThere() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let outbox = FileOutboxTransport(directory: folder.path)
        let first = try TestMail.message(subject: "First")
        _ = try await outbox.send(first)
        let receipt = try await outbox.send(TestMail.message(subject: "Second, same id"))
        let path = folder.appendingPathComponent("inc-42.1@tocsin.example.eml").path
        #expect(receipt.response == "already in the outbox as \(path)")
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == TestMail.rendered(first))
    }

    @Test func writesOneFileWhenTheSameMessageRacesItself() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let outbox = FileOutboxTransport(directory: folder.path)
        let message = try TestMail.message()
        let responses = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await outbox.send(message).response } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(responses.filter { $0.hasPrefix("written to ") }.count == 1)
        #expect(responses.filter { $0.hasPrefix("already in the outbox as ") }.count == 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["inc-42.1@tocsin.example.eml"])
    }

    @Test(arguments: [
        ("inc-42.1@tocsin.example", "inc-42.1@tocsin.example.eml"),
        ("a/b@x", "a%2Fb@x.eml"), ("a_b@x", "a_b@x.eml"), ("..@x", "%2E.@x.eml"), ("a%2Fb@x", "a%252Fb@x.eml"),
        ("a?b=c@x", "a%3Fb%3Dc@x.eml"),
    ])
    func sanitisesFileNamesWithoutCollisions(_ id: String, _ name: String) {
        #expect(FileOutboxTransport.fileName(for: id) == name)
    }

    @Test func reportsAFolderItCannotCreate() async throws {
        let error = await #expect(throws: DeliveryError.self) {
            try await FileOutboxTransport(directory: "/proc/tocsin-outbox").send(TestMail.message())
        }
        #expect(error?.code == "T735")
        #expect(error?.kind == .transient)
    }
}
