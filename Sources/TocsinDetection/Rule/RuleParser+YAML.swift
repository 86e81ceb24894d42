import TocsinCore
import Yams

/// Reading YAML text into documents, and YAML syntax errors as diagnostics.
extension RuleParser {
    /// All documents of `text`, or the first syntax error (which `Yams.compose_all` keeps in its sequence).
    static func compose(_ text: String) -> Swift.Result<[Node], Error> {
        do {
            // The basic resolver tags every scalar as text: Yams' default resolver runs several regular expressions
            // per scalar (a third of the load time of SigmaHQ's rules); `value(_:)` types plain scalars itself.
            var sequence = try Yams.compose_all(yaml: text, .basic)
            var documents: [Node] = []
            while let document = sequence.next() { documents.append(document) }
            if let error = sequence.error { return .failure(error) }
            return .success(documents)
        } catch {
            return .failure(error)
        }
    }

    /// The text split before each line that starts with `---`, with the number of lines before each piece.
    static func documentChunks(_ text: String) -> [(text: String, lineOffset: Int)] {
        var chunks: [(text: String, lineOffset: Int)] = []
        var current: [Substring] = []
        var start = 0
        // `\r\n` is one Character in Swift, so split on any line break rather than on "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let marker = line == "---" || line.hasPrefix("--- ") || line.hasPrefix("---\t")
            if marker, !current.isEmpty {
                chunks.append((current.joined(separator: "\n"), start))
                current = []
                start = index
            }
            current.append(line)
        }
        chunks.append((current.joined(separator: "\n"), start))
        return chunks
    }

    static func reportYAMLError(_ error: Error, path: String, lineOffset: Int, into result: inout Result) {
        var place = yamlLocation(error, path)
        if place.line > 0 { place.line += lineOffset }
        result.diagnostics.append(Diagnostic(.error, code: "T100", "invalid YAML: \(yamlProblem(error))", at: place))
        result.rejected += 1
    }

    static func yamlProblem(_ error: Error) -> String {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
                .composer(let context, let problem, _, _):
                if let context { return "\(problem) \(context.text)" }
                return problem
            case .reader(let problem, _, _, _): return problem
            default: return "\(yaml)"
            }
        }
        return "\(error)"
    }

    static func yamlLocation(_ error: Error, _ path: String) -> SourceLocation {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return SourceLocation(file: path, line: mark.line, column: mark.column)
            default: break
            }
        }
        return SourceLocation(file: path)
    }
}
