import Foundation
import NIOCore
import TocsinCore
import TocsinResponse

/// One of the public page's resources, in one language.
enum StatusResource: Hashable, Sendable, CaseIterable {
    case html(Language)
    case atom(Language)
    case json(Language)

    static var allCases: [StatusResource] { Language.allCases.flatMap { [.html($0), .atom($0), .json($0)] } }

    var contentType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .atom: "application/atom+xml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }

    /// The file of a static export.
    var fileName: String {
        switch self {
        case .html(let language): StatusPageLinks.staticFile("index", language, extension: "html")
        case .atom(let language): StatusPageLinks.staticFile("history", language, extension: "atom")
        case .json(let language): StatusPageLinks.staticFile("summary", language, extension: "json")
        }
    }
}

/// The public page rendered once for every resource and language: what requests are answered from.
struct RenderedStatusPage: Sendable {
    /// The store revision it was rendered from.
    var revision: Int64
    var snapshot: StatusPageSnapshot
    var renderedAt: Date
    var bodies: [StatusResource: ByteBuffer]
    /// The same bodies gzip-compressed, for clients that accept it.
    var compressed: [StatusResource: ByteBuffer]
    /// The rendering's part of every validator (the bodies change together).
    var etag: String

    /// The strong validator of one representation: the rendering, the resource, its language and its encoding.
    func etag(for resource: StatusResource, gzip: Bool) -> String {
        let name =
            switch resource {
            case .html(let language): "html-\(language.rawValue)"
            case .atom(let language): "atom-\(language.rawValue)"
            case .json(let language): "json-\(language.rawValue)"
            }
        return "\"\(etag)-\(name)\(gzip ? "-gz" : "")\""
    }

    /// Renders every resource of `snapshot`.
    static func render(
        _ snapshot: StatusPageSnapshot, revision: Int64, settings: StatusPageSettings, links: StatusPageLinks,
        baseURL: URL, at time: Date
    ) throws -> RenderedStatusPage {
        var bodies: [StatusResource: ByteBuffer] = [:]
        for language in Language.allCases {
            bodies[.html(language)] = ByteBuffer(
                string: StatusPageHTML.render(snapshot, settings: settings, language: language, links: links))
            bodies[.atom(language)] = ByteBuffer(
                string: StatusAtomFeed.render(
                    snapshot, language: language, links: links, baseURL: baseURL, timeZoneID: settings.timeZoneID))
            bodies[.json(language)] = ByteBuffer(
                bytes: try StatusJSON.summary(snapshot, settings: settings, language: language, links: links))
        }
        var compressed: [StatusResource: ByteBuffer] = [:]
        for (resource, body) in bodies {
            if let packed = Gzip.deflate(Array(buffer: body)) { compressed[resource] = ByteBuffer(bytes: packed) }
        }
        let etag = "r\(revision)-\(Int64(time.timeIntervalSince1970 * 1000))"
        return RenderedStatusPage(
            revision: revision, snapshot: snapshot, renderedAt: time, bodies: bodies, compressed: compressed, etag: etag)
    }
}
