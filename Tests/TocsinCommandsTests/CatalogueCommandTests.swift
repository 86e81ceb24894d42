import Foundation
import Testing
import TocsinResponse

@testable import TocsinCommands

/// `tocsin catalogue`: the sample catalogue checks, and a what-if prints the impact and the order of restart.
@Suite struct CatalogueCommandTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/catalogue.yaml").path

    @Test func checkAndUsageErrors() {
        #expect(TocsinCommand.runMain(["catalogue", "check", Self.sample]) == 0)
        #expect(TocsinCommand.runMain(["catalogue", "check", "/nonexistent.yaml"]) != 0)
        #expect(TocsinCommand.runMain(["catalogue", "impact", Self.sample]) == 2)
        #expect(TocsinCommand.runMain(["catalogue", "impact", Self.sample, "--offline", "nord"]) == 0)
        #expect(TocsinCommand.runMain(["catalogue", "impact", Self.sample, "--offline", "west"]) == 2)
    }

    @Test func theNorthernDataCentreOffline() throws {
        let graph = try CatalogueCommand.load(Self.sample)
        let lines = try CatalogueCommand.Impact.report(graph, [.dataCentre("nord")], language: .en)
        #expect(lines.first?.hasPrefix("Offline systems: ad-nord, kim-mail-1") == true)
        let down = try #require(lines.first { $0.hasPrefix("Down (") })
        #expect(down.contains("Electronic sick note (eAU)"))
        #expect(lines.contains { $0.hasPrefix("Customers touched: ") && $0.hasSuffix("2540060 in all") })
        let order = lines.drop { $0 != "Restoration order:" }.dropFirst()
        let eau = try #require(order.firstIndex { $0.hasSuffix("Electronic sick note (eAU)") })
        let gateway = try #require(order.firstIndex { $0.hasSuffix("system eau-gateway") })
        #expect(gateway < eau)
    }
}

/// `tocsin status export`: the page from a stopped server's store, as files.
@Suite struct StatusExportCommandTests {
    @Test func exportsThePageOfAStore() throws {
        let folder = NSTemporaryDirectory() + "tocsin-status-export-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/tocsin.yaml"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "continuity:\n  catalogue: \(CatalogueCommandTests.sample)\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let out = folder + "/site"
        #expect(
            TocsinCommand.runMain(["status", "export", "--out", out, "-c", config, "--data", folder + "/data"]) == 0)
        let german = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(german.contains("Elektronische Arbeitsunfähigkeitsbescheinigung (eAU)"))
        #expect(german.contains("Betriebsbereit"))
        let english = try String(contentsOfFile: out + "/index.en.html", encoding: .utf8)
        #expect(english.contains("Electronic sick note (eAU)"))
        #expect(FileManager.default.fileExists(atPath: out + "/history.de.atom"))
        #expect(FileManager.default.fileExists(atPath: out + "/summary.en.json"))
    }
}
