import Foundation

/// What Python's `email` package (a real parser, policy `default`) makes of a message: see parse_mime.py.
struct ParsedMail: Decodable {
    struct Part: Decodable, Equatable {
        var content_type: String
        var charset: String?
        var transfer_encoding: String?
        var content: String
    }

    var subject: String?
    var from: [[String]]
    var to: [[String]]
    var message_id: String?
    var date: String?
    var mime_version: String?
    var content_type: String
    var extra: [String: String]
    var parts: [Part]
    var defects: [String]
    var longest_line: Int
    var bare_lf: Bool

    /// Parses `bytes` with parse_mime.py.
    static func parse(_ bytes: [UInt8]) async throws -> ParsedMail {
        let folder = try TestThread.temporaryDirectory("tocsin-mime")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("message.eml")
        try Data(bytes).write(to: file)
        let script = TestThread.supportDirectory.appendingPathComponent("parse_mime.py").path
        let result = try await TestThread.command(["python3", script, file.path])
        guard result.status == 0 else {
            throw TestSMTPServer.StartFailure(description: String(decoding: result.standardError, as: UTF8.self))
        }
        return try JSONDecoder().decode(ParsedMail.self, from: result.standardOutput)
    }
}
