import Foundation
import Testing
import TocsinCore

@testable import TocsinDelivery

/// Writes every template rendered from the sample and the minimal context for a person to read, when
/// `TOCSIN_TEMPLATE_PREVIEW` names a folder: `TOCSIN_TEMPLATE_PREVIEW=/tmp/previews swift test --filter preview`.
@Test("Write previews when asked", .enabled(if: ProcessInfo.processInfo.environment["TOCSIN_TEMPLATE_PREVIEW"] != nil))
func preview() throws {
    let folder = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["TOCSIN_TEMPLATE_PREVIEW"]))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let templates = try MessageTemplates()
    for name in templates.names {
        for language in Language.allCases {
            for (label, context) in [("sample", MessageContext.sample()), ("minimal", MessageContext.minimal())] {
                let message = try templates.render(name, language: language, context: context)
                let base = folder.appendingPathComponent("\(name).\(language.rawValue).\(label)")
                try "Subject: \(message.subject)\n\n\(message.text)".write(
                    to: base.appendingPathExtension("txt"), atomically: true, encoding: .utf8)
                try message.html.write(to: base.appendingPathExtension("html"), atomically: true, encoding: .utf8)
            }
        }
    }
}
