import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

@Suite("Alarm: triggers")
struct AlarmTriggerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var minimum: Level?
        var triggerTags: [String]
        var severity: Level
        var incidentTags: Set<String>
        var matches: Bool
        var testDescription: String {
            "\(minimum?.description ?? "-") \(triggerTags) vs \(severity) \(incidentTags.sorted())"
        }
    }

    static let cases: [Case] = [
        Case(minimum: .high, triggerTags: [], severity: .high, incidentTags: [], matches: true),
        Case(minimum: .high, triggerTags: [], severity: .critical, incidentTags: [], matches: true),
        Case(minimum: .high, triggerTags: [], severity: .medium, incidentTags: ["ransomware"], matches: false),
        Case(minimum: nil, triggerTags: ["ransomware"], severity: .low, incidentTags: ["ransomware"], matches: true),
        Case(minimum: nil, triggerTags: ["Ransomware"], severity: .low, incidentTags: ["RANSOMWARE"], matches: true),
        Case(
            minimum: nil, triggerTags: ["ransomware", "exfiltration"], severity: .low, incidentTags: ["exfiltration"],
            matches: true),
        Case(
            minimum: nil, triggerTags: ["ransomware"], severity: .critical, incidentTags: ["exfiltration"],
            matches: false),
        Case(minimum: nil, triggerTags: ["ransomware"], severity: .critical, incidentTags: [], matches: false),
        Case(
            minimum: .high, triggerTags: ["ti-connector"], severity: .high, incidentTags: ["ti-connector"],
            matches: true),
        Case(
            minimum: .high, triggerTags: ["ti-connector"], severity: .medium, incidentTags: ["ti-connector"],
            matches: false),
        Case(
            minimum: .high, triggerTags: ["ti-connector"], severity: .critical, incidentTags: ["ransomware"],
            matches: false),
        // Neither a severity nor tags: invalid, and matches nothing rather than everything.
        Case(minimum: nil, triggerTags: [], severity: .critical, incidentTags: ["ransomware"], matches: false),
    ]

    @Test(arguments: cases)
    func matching(_ example: Case) {
        let trigger = AlarmTrigger(minimumSeverity: example.minimum, tags: example.triggerTags)
        #expect(
            trigger.matches(sampleIncident(severity: example.severity, tags: example.incidentTags)) == example.matches)
    }

    @Test func theSeverityIsStoredByName() throws {
        let data = try JSONEncoder().encode(AlarmTrigger(minimumSeverity: .critical, tags: ["a"]))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""minimumSeverity":"critical""#))
        #expect(
            try JSONDecoder().decode(AlarmTrigger.self, from: data)
                == AlarmTrigger(minimumSeverity: .critical, tags: ["a"]))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AlarmTrigger.self, from: Data(#"{"minimumSeverity":"severe"}"#.utf8))
        }
    }
}
