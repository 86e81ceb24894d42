import Foundation
import Testing
import TocsinCore
import TocsinResponse

#if canImport(StatusPageRender)
@testable import StatusPageRender
#else
@testable import TocsinServer
#endif

@Suite("Status page: JSON summary")
struct StatusJSONTests {
    static func summary(_ language: Language = .de) throws -> [String: Any] {
        let data = try StatusJSON.summary(
            StatusRenderFixture.snapshot(), settings: StatusRenderFixture.settings, language: language,
            links: StatusRenderFixture.links)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func pageAndStatus() throws {
        let summary = try Self.summary()
        let page = try #require(summary["page"] as? [String: Any])
        #expect(page["id"] as? String == "beispiel-kassen-it")
        #expect(page["name"] as? String == "Beispiel Kassen-IT GmbH")
        #expect(page["time_zone"] as? String == "Europe/Berlin")
        #expect(page["updated_at"] as? String == "2026-12-02T13:05:00Z")
        #expect(page["url"] as? String == "/status?lang=de")
        let status = try #require(summary["status"] as? [String: Any])
        #expect(status["indicator"] as? String == "critical")
        #expect(status["description"] as? String == "Schwerwiegende Störung")
        let english = try #require(try Self.summary(.en)["status"] as? [String: Any])
        #expect(english["description"] as? String == "Major service outage")
    }

    @Test func componentStatusesAndReasons() throws {
        let components = try #require(try Self.summary()["components"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        for component in components {
            statuses[component["id"] as? String ?? "?"] = component["status"] as? String
        }
        #expect(statuses == [
            "eau": "partial_outage", "epa": "degraded_performance", "kim": "major_outage", "portal": "operational",
            "core": "operational", "statistics": "under_maintenance", "payments": "operational",
            "mail": "major_outage", "phone": "operational",
        ])
        #expect(components.map { $0["position"] as? Int ?? -1 } == [1, 2, 3, 4, 10, 11, 12, 20, 21])
        #expect(components[0]["reason"] as? String == "security_precaution")
        #expect(components[0]["group_name"] as? String == "Versicherte & Leistungserbringer")
        #expect(components[2]["reason"] is NSNull, "absent values are null, as in Statuspage")
    }

    @Test func openIncidentsWithTheirUpdates() throws {
        let incidents = try #require(try Self.summary(.en)["incidents"] as? [[String: Any]])
        #expect(incidents.count == 1, "the summary lists open incidents only")
        let incident = try #require(incidents.first)
        #expect(incident["status"] as? String == "identified")
        #expect(incident["impact"] as? String == "critical")
        #expect(incident["resolved_at"] is NSNull)
        let updates = try #require(incident["incident_updates"] as? [[String: Any]])
        #expect(updates.map { $0["version"] as? Int ?? 0 } == [3, 2, 1])
        let affected = try #require(updates.first?["affected_components"] as? [[String: Any]])
        #expect(affected.map { $0["code"] as? String ?? "" } == ["eau", "epa", "kim", "mail"])
        #expect(affected.map { $0["new_status"] as? String ?? "" }.contains("major_outage"))
        let actions = updates.first?["customer_actions"] as? [String]
        #expect(actions?.first == "Change the passwords of your practice software.")
        #expect(updates.first?["next_update_at"] as? String == "2026-12-02T16:05:00Z")
    }

    @Test func scheduledMaintenances() throws {
        let maintenances = try #require(try Self.summary()["scheduled_maintenances"] as? [[String: Any]])
        #expect(maintenances.map { $0["id"] as? String ?? "" } == ["2026-statistics", "2026-eau-return"])
        #expect(maintenances.map { $0["status"] as? String ?? "" } == ["in_progress", "scheduled"])
    }
}
