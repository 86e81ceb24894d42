import Foundation
import TocsinCore
import TocsinResponse

/// The public page as a static site: plain files to serve from infrastructure apart from the attacked systems
/// (another provider's web space, a CDN), with no server, no cookies and no scripts.
///
/// Files: `index.html` (German) and `index.en.html`, `history.de.atom` and `history.en.atom`, `summary.de.json`
/// and `summary.en.json`. Each is written to a temporary file and renamed, so a web server reading the folder
/// never sees half a page.
public enum StaticSiteExport {
    /// Writes the site into `folder` (created if missing) and returns the files written.
    @discardableResult
    static func write(
        _ snapshot: StatusPageSnapshot, settings: StatusPageSettings, baseURL: URL?, subscribeURL: String,
        to folder: URL
    ) throws -> [String] {
        let links = StatusPageLinks.staticSite(subscribeURL: subscribeURL)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [String] = []
        for resource in StatusResource.allCases {
            let data: Data
            switch resource {
            case .html(let language):
                data = Data(StatusPageHTML.render(snapshot, settings: settings, language: language, links: links).utf8)
            case .atom(let language):
                let base = baseURL ?? URL(fileURLWithPath: folder.path)
                data = Data(
                    StatusAtomFeed.render(
                        snapshot, language: language, links: links, baseURL: base, timeZoneID: settings.timeZoneID
                    ).utf8)
            case .json(let language):
                data = try StatusJSON.summary(snapshot, settings: settings, language: language, links: links)
            }
            let target = folder.appendingPathComponent(resource.fileName)
            let temporary = folder.appendingPathComponent(".\(resource.fileName).tmp")
            try data.write(to: temporary)
            // rename(2) replaces the old file in one step.
            guard rename(temporary.path, target.path) == 0 else {
                throw ServerStartError("cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
            written.append(resource.fileName)
        }
        return written
    }
}
