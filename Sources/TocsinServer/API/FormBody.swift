import Foundation
import Hummingbird
import NIOCore

/// A submitted HTML form (`application/x-www-form-urlencoded`): each field's values in order.
struct FormBody: Sendable {
    var fields: [String: [String]]

    /// The first value of `name`, trimmed; `nil` when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Every value of `name` (ticked checkboxes).
    func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// Parses `a=1&b=x+y&c=%C3%A4`; `nil` when a value is not valid percent-encoded UTF-8.
    static func parse(_ text: String) -> FormBody? {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { return nil }
            fields[name, default: []].append(value)
        }
        return FormBody(fields: fields)
    }

    static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension API {
    /// The request's form, at most `limit` bytes; anything else is a clear 4xx.
    func formBody(_ request: Request, limit: Int = 64 << 10) async throws -> FormBody {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard contentType == "application/x-www-form-urlencoded" else {
            throw refuse(.unsupportedMediaType, .unsupportedMediaType, "send the form as application/x-www-form-urlencoded")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw refuse(.tooLarge, .contentTooLarge, "a form is at most \(limit >> 10) KiB")
        }
        guard let text = String(validating: Data(buffer: body), as: UTF8.self), let form = FormBody.parse(text) else {
            throw refuse(.badRequest, .badRequest, "the form is not valid UTF-8 or not properly encoded")
        }
        return form
    }
}
