import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Yams

@testable import TocsinServer

/// The served OpenAPI document, loaded with Yams, and what it says a response to an operation may be.
struct OpenAPIContract {
    /// The document the server serves, parsed once.
    static let shared: OpenAPIContract = {
        do {
            return OpenAPIContract(document: JSON(yaml: try Yams.load(yaml: OpenAPIDocument.yaml)))
        } catch {
            Issue.record("the OpenAPI document does not parse: \(error)")
            return OpenAPIContract(document: .object([:]))
        }
    }()

    let document: JSON
    var validator: SchemaValidator { SchemaValidator(document: document) }

    /// The documented operations as `(method, path)`, methods in lowercase, paths as the document writes them.
    var operations: [(method: String, path: String)] {
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        return (document["paths"]?.members ?? [:]).keys.sorted().flatMap { path in
            methods.filter { document["paths"]?[path]?[$0] != nil }.map { (method: $0, path: path) }
        }
    }

    /// Every way `response` differs from what the document allows for `method path`: an undocumented status, a
    /// content type it does not list, a body that is not JSON or breaks the schema.
    func violations(status: Int, contentType: String?, body: Data, path: String, method: String) -> [String] {
        guard let operation = document["paths"]?[path]?[method.lowercased()] else {
            return ["\(method.uppercased()) \(path) is not in the document"]
        }
        guard var answer = operation["responses"]?["\(status)"] ?? operation["responses"]?["default"] else {
            return ["\(method.uppercased()) \(path): status \(status) is not documented (and there is no default)"]
        }
        if let reference = answer["$ref"]?.string {
            guard let target = validator.resolve(reference) else { return ["unresolved $ref \(reference)"] }
            answer = target
        }
        guard let content = answer["content"]?.members else {
            return body.isEmpty ? [] : ["status \(status) is documented without a body, but one came"]
        }
        let mediaType = contentType?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let mediaType, let media = content[mediaType] else {
            return ["status \(status): Content-Type \(contentType ?? "none") is not one of \(content.keys.sorted())"]
        }
        guard let schema = media["schema"] else { return [] }
        let value: JSON
        if mediaType.hasSuffix("json") {
            do { value = try JSON.parse(body) } catch { return ["status \(status): the body is not JSON: \(error)"] }
        } else {
            guard let text = String(data: body, encoding: .utf8) else { return ["status \(status): not UTF-8 text"] }
            value = .string(text)
        }
        return validator.violations(of: value, against: schema)
    }
}

/// Records an issue for each way `response` breaks the document's description of `method path` (a path as the
/// document writes it, e.g. `/api/v1/incidents/{id}`).
func expectConforms(
    _ response: TestResponse, path: String, method: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let problems = OpenAPIContract.shared.violations(
        status: Int(response.status.code), contentType: response.headers[.contentType],
        body: Data(buffer: response.body), path: path, method: method)
    for problem in problems {
        Issue.record("\(method.uppercased()) \(path) → \(response.status.code): \(problem)", sourceLocation: sourceLocation)
    }
}
