import Foundation
import TocsinCore

/// Turns the values of one field test and its modifiers into value patterns.
struct ValueCompiler {
    let test: FieldTest
    let placeholders: [String: [String]]
    /// For `exists`, the presence wanted.
    private(set) var existence: Bool?
    /// For each `fieldref` pattern index, the referenced field name (its slot is resolved by the caller).
    private(set) var fieldReferenceNames: [Int: String] = [:]

    init(test: FieldTest, placeholders: [String: [String]]) {
        self.test = test
        self.placeholders = placeholders
    }

    private func failure(_ message: String, hint: String? = nil, code: String = "T106") -> CompileFailure {
        CompileFailure(code: code, message: message, hint: hint, location: test.location)
    }

    mutating func patterns() throws -> [ValuePattern] {
        let modifiers = test.modifiers
        let has = Set(modifiers)
        let name = test.field ?? "keywords"
        let matchKinds = modifiers.filter { [.contains, .startswith, .endswith].contains($0) }
        if matchKinds.count > 1 {
            throw failure("'\(name)' combines \(matchKinds.map(\.rawValue).joined(separator: " and ")); use one")
        }
        let special: [Modifier] = [.re, .cidr, .exists, .fieldref, .lt, .lte, .gt, .gte]
        let specials = modifiers.filter { special.contains($0) }
        if specials.count > 1 {
            throw failure("'\(name)' combines \(specials.map(\.rawValue).joined(separator: " and ")); use one")
        }
        if let kind = specials.first, !matchKinds.isEmpty, kind != .fieldref {
            throw failure("'\(name)': '\(kind.rawValue)' cannot be combined with '\(matchKinds[0].rawValue)'")
        }
        for flag in [Modifier.i, .m, .s] where has.contains(flag) && !has.contains(.re) {
            throw failure("'\(name)': the regular-expression flag '\(flag.rawValue)' needs the 're' modifier")
        }
        if has.contains(.all) && test.values.count < 2 {
            // The specification forbids `all` on a single value; it is harmless, so accept it.
        }
        if has.contains(.exists) {
            guard test.values.count == 1, case .boolean(let wanted) = test.values[0] else {
                throw failure("'\(name)|exists' takes true or false")
            }
            existence = wanted
            return []
        }
        let cased = has.contains(.cased)
        var patterns: [ValuePattern] = []
        let timeParts: [Modifier] = [.minute, .hour, .day, .week, .month, .year]
        let timePart = modifiers.first { timeParts.contains($0) }.flatMap { TimePart(rawValue: $0.rawValue) }
        for value in test.values {
            if value == .null {
                patterns.append(.null)
                continue
            }
            if has.contains(.re) {
                var options: NSRegularExpression.Options = []
                if has.contains(.i) { options.insert(.caseInsensitive) }
                if has.contains(.m) { options.insert(.anchorsMatchLines) }
                if has.contains(.s) { options.insert(.dotMatchesLineSeparators) }
                do {
                    patterns.append(.regex(try CompiledRegex(pattern: value.text, options: options)))
                } catch {
                    throw failure("invalid regular expression '\(value.text)'", code: "T108")
                }
                continue
            }
            if has.contains(.cidr) {
                guard let network = IPNetwork(value.text) else {
                    throw failure("invalid network '\(value.text)' for cidr", hint: "write e.g. 10.0.0.0/8 or fe80::/10", code: "T109")
                }
                patterns.append(.cidr(network))
                continue
            }
            if let comparison = comparison(has) {
                guard let number = Self.number(value) else {
                    throw failure("'\(name)': '\(value.text)' is not a number")
                }
                if let timePart {
                    patterns.append(.time(timePart, comparison, number))
                } else {
                    patterns.append(.compare(comparison, number))
                }
                continue
            }
            if let timePart {
                guard let number = Self.number(value) else {
                    throw failure("'\(name)|\(timePart.rawValue)': '\(value.text)' is not a number")
                }
                patterns.append(.time(timePart, .eq, number))
                continue
            }
            if has.contains(.fieldref) {
                let kind: StringMatch =
                    has.contains(.contains) ? .contains : has.contains(.startswith) ? .prefix
                    : has.contains(.endswith) ? .suffix : .equals
                fieldReferenceNames[patterns.count] = value.text
                patterns.append(.fieldReference(kind, slot: -1, cased: cased))
                continue
            }
            for text in try expanded(value.text, has) {
                patterns += try stringPatterns(text, has, cased: cased)
            }
        }
        return patterns
    }

    /// A rule value as a number: decimal, or hexadecimal written `0x…` (kept as text by the parser).
    static func number(_ value: RuleValue) -> Double? {
        switch value {
        case .integer(let number): return Double(number)
        case .number(let number): return number
        default:
            let text = value.text.trimmingCharacters(in: .whitespaces)
            if let number = Double(text) { return number }
            let sign: Double = text.hasPrefix("-") ? -1 : 1
            let digits = text.drop { $0 == "-" || $0 == "+" }
            guard digits.lowercased().hasPrefix("0x"), let number = UInt64(digits.dropFirst(2), radix: 16) else {
                return nil
            }
            return sign * Double(number)
        }
    }

    private func comparison(_ has: Set<Modifier>) -> Comparison? {
        if has.contains(.lt) { return .lt }
        if has.contains(.lte) { return .lte }
        if has.contains(.gt) { return .gt }
        if has.contains(.gte) { return .gte }
        return nil
    }

    /// Applies `expand` and `windash`, which turn one value into several.
    private func expanded(_ text: String, _ has: Set<Modifier>) throws -> [String] {
        var texts = [text]
        if has.contains(.expand) {
            texts = try texts.flatMap { try expandPlaceholders($0) }
        }
        if has.contains(.windash) {
            texts = texts.flatMap(Self.windashVariants)
        }
        return texts
    }

    private func expandPlaceholders(_ text: String) throws -> [String] {
        guard let start = text.firstIndex(of: "%"),
            let end = text[text.index(after: start)...].firstIndex(of: "%")
        else { return [text] }
        let name = String(text[text.index(after: start)..<end])
        guard let values = placeholders[name], !values.isEmpty else {
            throw failure(
                "placeholder '%\(name)%' has no values", hint: "define it under 'placeholders' in the pipeline",
                code: "T111")
        }
        let head = String(text[..<start])
        let tail = String(text[text.index(after: end)...])
        return try values.flatMap { try expandPlaceholders(head + $0 + tail) }
    }

    /// Every spelling of a command-line flag with `-`, `/`, en dash, em dash and horizontal bar.
    static func windashVariants(_ text: String) -> [String] {
        let characters = Array(text)
        var positions: [Int] = []
        for (index, character) in characters.enumerated() where character == "-" || character == "/" {
            let previousIsWord = index > 0 && isWord(characters[index - 1])
            let nextIsWord = index + 1 < characters.count && isWord(characters[index + 1])
            if !previousIsWord && nextIsWord { positions.append(index) }
        }
        guard !positions.isEmpty else { return [text] }
        let dashes: [Character] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"]
        var results: [[Character]] = [characters]
        for position in positions {
            results = results.flatMap { variant in
                dashes.map { dash in
                    var copy = variant
                    copy[position] = dash
                    return copy
                }
            }
        }
        return results.map { String($0) }
    }

    private static func isWord(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Patterns for one string value after encoding modifiers and the match kind.
    private func stringPatterns(_ text: String, _ has: Set<Modifier>, cased: Bool) throws -> [ValuePattern] {
        let encodes = has.contains(.base64) || has.contains(.base64offset) || has.contains(.wide)
            || has.contains(.utf16le) || has.contains(.utf16be) || has.contains(.utf16)
        var kind: StringMatch =
            has.contains(.contains) ? .contains : has.contains(.startswith) ? .prefix
            : has.contains(.endswith) ? .suffix : .equals
        if test.field == nil { kind = .contains }
        if encodes {
            var bytes = Array(text.utf8)
            for modifier in test.modifiers {
                switch modifier {
                case .wide, .utf16le: bytes = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
                case .utf16be: bytes = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                case .utf16: bytes = [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
                default: break
                }
            }
            var literals: [[UInt8]] = [bytes]
            if has.contains(.base64offset) {
                literals = Base64.offsetVariants(bytes)
            } else if has.contains(.base64) {
                literals = [Array(Data(bytes).base64EncodedString().utf8)]
            }
            // Sigma compares case-insensitively unless `cased`, encoded values included.
            return literals.map { ValuePattern.literal(kind, cased ? $0 : Self.fold($0), cased: cased) }
        }
        var tokens = Self.wildcardTokens(text)
        switch kind {
        case .contains:
            tokens.insert(.many, at: 0)
            tokens.append(.many)
        case .prefix: tokens.append(.many)
        case .suffix: tokens.insert(.many, at: 0)
        case .equals: break
        }
        return [Self.simplify(tokens, cased: cased)]
    }

    /// Splits a Sigma string into literals and wildcards; `\*`, `\?` and `\\` are literal characters.
    static func wildcardTokens(_ text: String) -> [GlobToken] {
        var tokens: [GlobToken] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        func flush() {
            if !literal.isEmpty {
                tokens.append(.literal(literal))
                literal = []
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5C, index + 1 < bytes.count, [0x2A, 0x3F, 0x5C].contains(bytes[index + 1]) {
                literal.append(bytes[index + 1])
                index += 2
            } else if byte == 0x2A {
                flush()
                if tokens.last != .many { tokens.append(.many) }
                index += 1
            } else if byte == 0x3F {
                flush()
                tokens.append(.one)
                index += 1
            } else {
                literal.append(byte)
                index += 1
            }
        }
        flush()
        return tokens
    }

    /// The cheapest pattern equivalent to `tokens`.
    static func simplify(_ tokens: [GlobToken], cased: Bool) -> ValuePattern {
        var tokens = tokens
        // Collapse runs of `*`.
        var collapsed: [GlobToken] = []
        for token in tokens where !(token == .many && collapsed.last == .many) { collapsed.append(token) }
        tokens = collapsed.map { token in
            if case .literal(let bytes) = token, !cased { return .literal(fold(bytes)) }
            return token
        }
        let literals = tokens.compactMap { token -> [UInt8]? in
            if case .literal(let bytes) = token { return bytes }
            return nil
        }
        let hasOne = tokens.contains(.one)
        if !hasOne {
            switch (tokens.first, tokens.last, literals.count) {
            case (_, _, 0) where tokens.isEmpty: return .literal(.equals, [], cased: cased)
            case (.many?, _, 0): return .glob([.many], cased: cased)
            case (.literal?, .literal?, 1) where tokens.count == 1: return .literal(.equals, literals[0], cased: cased)
            case (.literal?, .many?, 1) where tokens.count == 2: return .literal(.prefix, literals[0], cased: cased)
            case (.many?, .literal?, 1) where tokens.count == 2: return .literal(.suffix, literals[0], cased: cased)
            case (.many?, .many?, 1) where tokens.count == 3: return .literal(.contains, literals[0], cased: cased)
            default: break
            }
        }
        return .glob(tokens, cased: cased)
    }

    /// Lower-cases text the way event values are folded.
    static func fold(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 } }
        return Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
    }
}

/// Base64 helpers for the encoding modifiers.
enum Base64 {
    /// The three encodings of `bytes` at offsets 0, 1 and 2 of a base64 stream, trimmed to the characters that do
    /// not depend on the neighbouring bytes.
    static func offsetVariants(_ bytes: [UInt8]) -> [[UInt8]] {
        let startTrim = [0, 2, 3]
        let endTrim = [0, 3, 2]
        var variants: [[UInt8]] = []
        for shift in 0..<3 {
            let encoded = Array(Data([UInt8](repeating: 0x20, count: shift) + bytes).base64EncodedString().utf8)
            let end = encoded.count - endTrim[(bytes.count + shift) % 3]
            let start = startTrim[shift]
            variants.append(start < end ? Array(encoded[start..<end]) : [])
        }
        return variants
    }
}
