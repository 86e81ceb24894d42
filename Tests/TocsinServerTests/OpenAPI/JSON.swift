import Foundation

/// A JSON value as the validator sees it: integers apart from other numbers, booleans apart from both.
///
/// Decoded with `JSONDecoder`, which (unlike `JSONSerialization`'s `NSNumber`) never takes `1` for `true`.
enum JSON: Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        if var items = try? decoder.unkeyedContainer() {
            var values: [JSON] = []
            while !items.isAtEnd { values.append(try items.decode(JSON.self)) }
            self = .array(values)
            return
        }
        if let members = try? decoder.container(keyedBy: Key.self) {
            var values: [String: JSON] = [:]
            for key in members.allKeys { values[key.stringValue] = try members.decode(JSON.self, forKey: key) }
            self = .object(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? single.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Parses `data` as one JSON document.
    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    /// The value a YAML document loaded with Yams holds (mappings with any hashable keys, YAML's scalars).
    init(yaml value: Any?) {
        switch value {
        case nil, is NSNull: self = .null
        case let flag as Bool: self = .bool(flag)
        case let integer as Int: self = .integer(Int64(integer))
        case let number as Double: self = .number(number)
        case let text as String: self = .string(text)
        case let items as [Any]: self = .array(items.map { JSON(yaml: $0) })
        case let members as [AnyHashable: Any]:
            var values: [String: JSON] = [:]
            for (key, member) in members { values["\(key.base)"] = JSON(yaml: member) }
            self = .object(values)
        case let members as [String: Any]: self = .object(members.mapValues { JSON(yaml: $0) })
        default: self = .string("\(value ?? "")")
        }
    }

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var array: [JSON]? { if case .array(let items) = self { items } else { nil } }
    var members: [String: JSON]? { if case .object(let members) = self { members } else { nil } }

    /// The JSON Schema type name of the value (`integer` also counts as `number` where a schema asks for one).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .integer(let integer): "\(integer)"
        case .number(let number): "\(number)"
        case .string(let text): "\"\(text)\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\": \(members[$0]?.description ?? "")" }.joined(separator: ", ")
                + "}"
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
