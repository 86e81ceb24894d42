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
