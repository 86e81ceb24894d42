import Foundation
import TocsinCore

@testable import TocsinDelivery

/// A folder under the system's temporary folder that removes itself.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Writes all six files of `name`, each saying which one it is.
    func writeComplete(_ name: String) throws {
        for language in Language.allCases {
            for part in TemplatePart.allCases {
                try write(
                    "\(name).\(language.rawValue).\(part.rawValue).mustache",
                    "\(name) \(language) \(part) {{incident.id}}\n")
            }
        }
    }
}

/// Facts parsed from ISO 8601 for readable tests.
func date(_ text: String) -> Date {
    guard let date = try? Date(text, strategy: .iso8601) else { fatalError("bad test date \(text)") }
    return date
}

extension MessageContext {
    /// Only what every context has: an incident with its required facts and an organisation's name.
    static func minimal(title: String = "Verdächtige Anmeldung") -> MessageContext {
        MessageContext(
            incident: Incident(id: "7", title: title, severity: .high, openedAt: date("2026-03-29T00:30:00Z")),
            organisation: Organisation(name: "Kleine Praxis-IT GmbH"))
    }
}
