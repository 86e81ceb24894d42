import Foundation
import TocsinCore
import TocsinResponse

extension StatusPageHTML {
    /// What every part of one rendering needs: the snapshot, the settings, the reader's language and the clock
    /// format.
    struct Context {
        let snapshot: StatusPageSnapshot
        let settings: StatusPageSettings
        let language: Language
        let links: StatusPageLinks
        let time: StatusTimeFormat

        /// `text` escaped; an English reader of a text without English gets the German one marked `lang="de"`,
        /// so that screen readers pronounce it as German.
        func text(_ text: LocalizedText) -> String {
            let escaped = HTMLEscaping.escape(text.text(in: language))
            return fallsBack(text) ? "<span lang=\"de\">\(escaped)</span>" : escaped
        }

        /// A plain-text body as paragraphs, marked German where it falls back.
        func paragraphs(_ text: LocalizedText, class name: String = "body") -> String {
            let lang = fallsBack(text) ? " lang=\"de\"" : ""
            return "<div class=\"\(name)\"\(lang)>\n\(HTMLEscaping.paragraphs(text.text(in: language)))\n</div>"
        }

        /// A `<time>` element: ISO 8601 for machines, the zone's wall-clock time with offset for people.
        func time(_ date: Date) -> String {
            "<time datetime=\"\(time.iso8601(date))\">\(HTMLEscaping.escape(time.human(date, in: language)))</time>"
        }

        /// The reader's version of a fixed phrase.
        func phrase(_ text: LocalizedText) -> String { HTMLEscaping.escape(text.text(in: language)) }

        /// A component's name by identifier; an unknown identifier is shown as it is.
        func componentName(_ id: String) -> String {
            snapshot.component(id: id).map { text($0.name) } ?? HTMLEscaping.escape(id)
        }

        /// The element identifier for an item, as `StatusPageHTML.fragment` makes it.
        func anchor(_ prefix: String, _ id: String) -> String { StatusPageHTML.fragment(prefix, id) }

        private func fallsBack(_ text: LocalizedText) -> Bool { language == .en && text.en == nil }
    }
}
