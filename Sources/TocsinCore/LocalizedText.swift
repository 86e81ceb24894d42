/// A text people read, in German and in English. German is authoritative; the English version may be missing, and
/// then the German one is shown to English readers too.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The German text, always present.
    public var de: String
    /// The English text, when there is one.
    public var en: String?

    /// Creates a text from its German version and, optionally, its English one.
    public init(de: String, en: String? = nil) {
        self.de = de
        self.en = en
    }

    /// The same text for both languages (names that are not translated, such as a product name).
    public init(_ text: String) {
        self.de = text
        self.en = nil
    }

    /// The text in `language`, falling back to German when there is no English version.
    public func text(in language: Language) -> String {
        switch language {
        case .de: de
        case .en: en ?? de
        }
    }
}
