import Foundation

/// A JSON event parsed by Foundation, reshaped for plain field lookup; independent of the engine's byte scanner.
///
/// Object keys are stored with their spaces removed (the engine's documented rule: `New Value` is `NewValue`).
/// Scalars keep their text the way the engine stores them: strings decoded, numbers as JSON text, booleans as
/// `true`/`false`.
indirect enum ReferenceJSON {
    /// Keys without spaces; a list per key in case two keys differ only by spaces.
    case object([String: [ReferenceJSON]])
    case array([ReferenceJSON])
    case scalar(String)
    case null

    /// A value that `JSONSerialization` cannot give back as its JSON text.
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses one JSON object with `JSONSerialization`.
    static func parse(_ bytes: ArraySlice<UInt8>) throws -> ReferenceJSON {
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        return try convert(object)
    }

    private static func convert(_ value: Any) throws -> ReferenceJSON {
        if value is NSNull { return .null }
        if let text = value as? String { return .scalar(text) }
        if let number = value as? NSNumber {
            switch String(cString: number.objCType) {
            // JSON true/false come back as a boolean NSNumber ("c"), on Darwin and Linux alike.
            case "c": return .scalar(number.boolValue ? "true" : "false")
            case "d", "f":
                // The JSON text of a fraction or exponent is lost here; the shared events have none.
                throw Unsupported(description: "non-integer number \(number) (its JSON text is lost)")
            default: return .scalar(number.stringValue)
            }
        }
        if let dictionary = value as? [String: Any] {
            var object: [String: [ReferenceJSON]] = [:]
            for (key, element) in dictionary {
                object[key.replacingOccurrences(of: " ", with: ""), default: []].append(try convert(element))
            }
            return .object(object)
        }
        if let array = value as? [Any] { return .array(try array.map(convert)) }
        throw Unsupported(description: "unexpected JSON value of type \(type(of: value))")
    }

    /// A scalar value (nil text: JSON null) found at a path.
    typealias Value = String?

    /// The values at `components` (a path split at dots, spaces removed; `*` is any one key).
    ///
    /// Arrays give all their elements and need not be named in the path; an object reached at the end of the
    /// path counts through its `#text` member. Empty when the path is absent.
    func values(at components: ArraySlice<String>) -> [Value] {
        var result: [Value] = []
        walk(components, into: &result)
        return result
    }

    private func walk(_ components: ArraySlice<String>, into result: inout [Value]) {
        guard let first = components.first else {
            collect(into: &result, throughText: true)
            return
        }
        switch self {
        case .array(let items):
            for item in items { item.walk(components, into: &result) }
        case .object(let members):
            let rest = components.dropFirst()
            if first == "*" {
                for (_, list) in members {
                    for member in list { member.walk(rest, into: &result) }
                }
            } else {
                for member in members[first] ?? [] { member.walk(rest, into: &result) }
            }
        case .scalar, .null:
            break
        }
    }

    /// The scalars of a node at the end of a path: itself, its array elements, or its `#text` member.
    private func collect(into result: inout [Value], throughText: Bool) {
        switch self {
        case .scalar(let text): result.append(text)
        case .null: result.append(nil)
        case .array(let items):
            for item in items { item.collect(into: &result, throughText: throughText) }
        case .object(let members):
            guard throughText else { return }
            for member in members["#text"] ?? [] { member.collect(into: &result, throughText: false) }
        }
    }

    /// Every non-null scalar of the event (field-less keyword searches).
    func allScalars(into result: inout [String]) {
        switch self {
        case .scalar(let text): result.append(text)
        case .null: break
        case .array(let items):
            for item in items { item.allScalars(into: &result) }
        case .object(let members):
            for (_, list) in members {
                for member in list { member.allScalars(into: &result) }
            }
        }
    }
}
