import Foundation
import Testing
import Yams

/// A schema (YAML), a value (JSON) and every violation the validator must report, in order.
struct SchemaCase: Sendable, CustomTestStringConvertible {
    var schema: String
    var value: String
    var violations: [String]
    var testDescription: String { "\(schema) ← \(value)" }
}

@Suite("OpenAPI: the schema validator")
struct SchemaValidatorTests {
    static let components = """
        components:
          schemas:
            Level: {type: string, enum: [low, high]}
            Item:
              type: object
              required: [id, level]
              additionalProperties: false
              properties: {id: {type: integer}, level: {$ref: "#/components/schemas/Level"}}
        """

    static let cases: [SchemaCase] = [
        SchemaCase(schema: "{type: integer}", value: "3", violations: []),
        SchemaCase(schema: "{type: integer}", value: "3.5", violations: ["$: expected integer, found number 3.5"]),
        SchemaCase(schema: "{type: integer}", value: "true", violations: ["$: expected integer, found boolean true"]),
        SchemaCase(schema: "{type: boolean}", value: "1", violations: ["$: expected boolean, found integer 1"]),
        SchemaCase(schema: "{type: number}", value: "3", violations: []),
        SchemaCase(schema: "{type: [string, \"null\"]}", value: "null", violations: []),
        SchemaCase(
            schema: "{type: [string, \"null\"]}", value: "2",
            violations: ["$: expected one of [string, null], found integer 2"]),
        SchemaCase(schema: "{type: string, format: date-time}", value: #""2026-12-01T22:11:14Z""#, violations: []),
        SchemaCase(
            schema: "{type: string, format: date-time}", value: #""yesterday""#,
            violations: [#"$: expected a date-time (RFC 3339), found "yesterday""#]),
        SchemaCase(schema: "{type: integer, minimum: 1, maximum: 10}", value: "11",
            violations: ["$: expected at most 10.0, found 11"]),
        SchemaCase(
            schema: ##"{type: object, properties: {incidents: {type: array, items: {$ref: "#/components/schemas/Item"}}}}"##,
            value: #"{"incidents": [{"id": 1, "level": "high"}, {"id": "2", "level": "severe", "extra": 0}, {}]}"#,
            violations: [
                "$.incidents[1].extra: not a documented property",
                #"$.incidents[1].id: expected integer, found string "2""#,
                #"$.incidents[1].level: expected one of ["low", "high"], found "severe""#,
                "$.incidents[2].id: required but missing",
                "$.incidents[2].level: required but missing",
            ]),
        SchemaCase(
            schema: "{type: object, additionalProperties: {type: integer}}", value: #"{"a": 1, "b": "x"}"#,
            violations: [#"$.b: expected integer, found string "x""#]),
        SchemaCase(
            schema: "{oneOf: [{type: integer}, {type: number}]}", value: "3",
            violations: ["$: expected exactly one of 2 oneOf schemas to match, 2 did"]),
        SchemaCase(
            schema: "{anyOf: [{type: integer}, {type: string}]}", value: "null",
            violations: [
                "$: expected one of the anyOf schemas to match, none did "
                    + "($: expected integer, found null null | $: expected string, found null null)"
            ]),
        SchemaCase(
            schema: ##"{$ref: "#/components/schemas/Missing"}"##, value: "1",
            violations: ["$: unresolved $ref #/components/schemas/Missing"]),
        SchemaCase(
            schema: "{type: string, pattern: '^a'}", value: #""b""#,
            violations: ["$: the validator does not support the schema keyword pattern"]),
    ]

    @Test(arguments: cases) func reportsEveryViolationWithItsPointer(_ example: SchemaCase) throws {
        let document = JSON(yaml: try Yams.load(yaml: Self.components))
        let schema = JSON(yaml: try Yams.load(yaml: example.schema))
        let value = try JSON.parse(Data(example.value.utf8))
        #expect(SchemaValidator(document: document).violations(of: value, against: schema) == example.violations)
    }

    @Test func theServedDocumentUsesOnlyWhatTheValidatorChecks() throws {
        let contract = OpenAPIContract.shared
        #expect(contract.document["openapi"]?.string == "3.1.0")
        // Every schema in the document, wherever it sits (a media type's, a parameter's, a component).
        var unsupported: [String] = []
        var schemas = 0
        func visit(_ node: JSON, _ path: String) {
            if let members = node.members {
                for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                    let inComponents = path == "#/components/schemas"
                    if key == "schema" || inComponents {
                        schemas += 1
                        unsupported += SchemaValidator.unsupportedKeywords(in: value, at: path + "/" + key)
                    } else {
                        visit(value, path + "/" + key)
                    }
                }
            } else if let items = node.array {
                for (index, item) in items.enumerated() { visit(item, path + "/\(index)") }
            }
        }
        visit(contract.document, "#")
        #expect(schemas > 30)
        #expect(unsupported == [])
    }
}
