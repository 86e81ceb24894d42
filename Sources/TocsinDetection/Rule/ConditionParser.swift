/// Parses Sigma condition strings: `and`, `or`, `not`, parentheses, `1 of x*`, `all of them`.
///
/// Precedence follows the specification: `not` binds tighter than `and`, which binds tighter than `or`.
public struct ConditionParser {
    /// A condition that could not be parsed; `offset` is the 0-based character position.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
        public var offset: Int
    }

    private enum Token: Equatable {
        case word(String)
        case open
        case close
        case pipe
        case end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0

    /// Parses `text` into an expression.
    public static func parse(_ text: String) throws(Failure) -> ConditionExpression {
        var parser = ConditionParser()
        try parser.tokenize(text)
        let expression = try parser.parseOr()
        let (token, offset) = parser.tokens[parser.position]
        switch token {
        case .end: return expression
        case .pipe:
            throw Failure(
                message: "aggregation after '|' is the obsolete Sigma 1 syntax; write a correlation rule instead",
                offset: offset)
        default: throw Failure(message: "unexpected \(describe(token)) after a complete condition", offset: offset)
        }
    }

    private mutating func tokenize(_ text: String) throws(Failure) {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" {
                tokens.append((.open, index))
                index += 1
            } else if character == ")" {
                tokens.append((.close, index))
                index += 1
            } else if character == "|" {
                tokens.append((.pipe, index))
                index += 1
            } else {
                let start = index
                while index < characters.count, !characters[index].isWhitespace,
                    !"()|".contains(characters[index])
                {
                    index += 1
                }
                tokens.append((.word(String(characters[start..<index])), start))
            }
        }
        tokens.append((.end, characters.count))
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): "'\(word)'"
        case .open: "'('"
        case .close: "')'"
        case .pipe: "'|'"
        case .end: "end of condition"
        }
    }

    private func keyword(_ token: Token) -> String? {
        if case .word(let word) = token { return word.lowercased() }
        return nil
    }

    private mutating func parseOr() throws(Failure) -> ConditionExpression {
        var terms = [try parseAnd()]
        while keyword(tokens[position].token) == "or" {
            position += 1
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseAnd() throws(Failure) -> ConditionExpression {
        var terms = [try parseNot()]
        while keyword(tokens[position].token) == "and" {
            position += 1
            terms.append(try parseNot())
        }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func parseNot() throws(Failure) -> ConditionExpression {
        if keyword(tokens[position].token) == "not" {
            position += 1
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(Failure) -> ConditionExpression {
        let (token, offset) = tokens[position]
        switch token {
        case .open:
            position += 1
            let inner = try parseOr()
            guard tokens[position].token == .close else {
                throw Failure(
                    message: "expected ')' but found \(Self.describe(tokens[position].token))",
                    offset: tokens[position].offset)
            }
            position += 1
            return inner
        case .word(let word):
            let lowered = word.lowercased()
            if lowered == "1" || lowered == "all" || lowered == "any" {
                guard keyword(tokens[position + 1].token) == "of" else {
                    if lowered == "1" {
                        throw Failure(message: "expected 'of' after '1'", offset: tokens[position + 1].offset)
                    }
                    position += 1
                    return .search(word)
                }
                guard case .word(let pattern) = tokens[position + 2].token else {
                    throw Failure(
                        message: "expected a search name or pattern after '\(word) of'",
                        offset: tokens[position + 2].offset)
                }
                position += 3
                return lowered == "all" ? .allOf(pattern) : .oneOf(pattern)
            }
            if ["and", "or", "of"].contains(lowered) {
                throw Failure(message: "expected a search name but found '\(word)'", offset: offset)
            }
            if let count = Int(lowered), count > 1, keyword(tokens[position + 1].token) == "of" {
                throw Failure(
                    message: "'\(count) of' is not part of Sigma; only '1 of' and 'all of' are", offset: offset)
            }
            position += 1
            return .search(word)
        case .close, .pipe, .end:
            throw Failure(message: "expected a search name but found \(Self.describe(token))", offset: offset)
        }
    }
}
